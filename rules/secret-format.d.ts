export declare const secretRandomLength: 32;
export declare const secretChecksumLength: 6;
export declare const base62Alphabet: string;
/** The checksum that ends a secret: the CRC32 of its random part, as six base62 characters. */
export declare function secretChecksum(randomPart: string): string;
/** The shape of one kind of secret: its prefix, 32 random base62 characters and a 6-character checksum. */
export interface SecretShape<Prefix extends string = string> {
  readonly prefix: Prefix;
  readonly length: number;
  /** True when the string has this kind's shape and its checksum matches; needs no database. */
  isWellFormed(candidate: string): boolean;
}
export declare function secretShape<Prefix extends string>(prefix: Prefix): SecretShape<Prefix>;
export declare const personalAccessTokenShape: SecretShape<'lkpat_'>;
export declare const serviceKeyShape: SecretShape<'lksvc_'>;
