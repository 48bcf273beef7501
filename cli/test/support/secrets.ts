const secrets = new Set<string>();

/** Every secret a test holds; `runLatchkey` fails a test whose command prints one. */
export function rememberSecret(secret: string): string {
  secrets.add(secret);
  return secret;
}

export function leakedSecretIn(text: string): boolean {
  return [...secrets].some((secret) => text.includes(secret));
}
