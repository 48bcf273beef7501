import { readFileSync } from 'node:fs';
import { type Policies, policiesOf } from '../policies/policies.js';
import { latchkeyPermissions } from '../tokens/permissions.js';
import { BUILT_IN_SERVICE_ID, type CatalogueFile, catalogueFileSchema } from './catalogue-file.js';

export interface Permission {
  /** `service:action`. */
  name: string;
  serviceId: string;
  description: string;
  /** Every permission that holding this one grants, itself included (implications followed to the end). */
  grants: ReadonlySet<string>;
  /** Held by a token but no longer in the catalogue: it grants nothing. */
  removed: boolean;
}

export interface Service {
  id: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

/** A catalogue file that cannot be used: says which file, where in it and what is wrong, in one line each. */
export class CatalogueFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file} is not a valid Latchkey catalogue:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'CatalogueFileError';
  }
}

const BUILT_IN_SERVICE: CatalogueFile['services'][number] = {
  id: BUILT_IN_SERVICE_ID,
  name: 'Latchkey',
  description:
    'This server: your profile, your tokens, your audit log and your notifications, and (administrators only) its administration.',
  permissions: Object.entries(latchkeyPermissions).map(([name, description]) => ({ name, description })),
};

/** The services tokens may be granted permissions for: Latchkey's own, then the operator's, as declared. */
export class Catalogue {
  readonly services: readonly Service[];
  /** The file's `policies`: the operator's rules for every account's tokens. */
  readonly policies: Policies;
  readonly #permissions = new Map<string, Permission>();

  constructor(file: CatalogueFile) {
    this.policies = policiesOf(file.policies);
    const declared = [BUILT_IN_SERVICE, ...file.services];
    const implies = new Map(declared.flatMap((service) => service.permissions.map((p) => [p.name, p.implies ?? []])));
    this.services = declared.map((service) => ({
      id: service.id,
      name: service.name,
      description: service.description,
      permissions: service.permissions.map((permission) => {
        const resolved = {
          name: permission.name,
          serviceId: service.id,
          description: permission.description,
          grants: closure(permission.name, implies),
          removed: false,
        };
        this.#permissions.set(permission.name, resolved);
        return resolved;
      }),
    }));
  }

  permission(name: string): Permission | undefined {
    return this.#permissions.get(name);
  }

  /** A held permission as the catalogue describes it now, or as removed when the catalogue no longer has it. */
  describe(name: string): Permission {
    return (
      this.#permissions.get(name) ?? {
        name,
        serviceId: name.split(':')[0] ?? '',
        description: 'No longer in the catalogue: grants nothing.',
        grants: new Set(),
        removed: true,
      }
    );
  }

  service(id: string): Service | undefined {
    return this.services.find((service) => service.id === id);
  }

  /** Everything the given permissions grant, implications included; names no longer in the catalogue grant nothing. */
  granted(names: Iterable<string>): Set<string> {
    const granted = new Set<string>();
    for (const name of names) for (const grant of this.#permissions.get(name)?.grants ?? []) granted.add(grant);
    return granted;
  }
}

function closure(name: string, implies: Map<string, readonly string[]>): Set<string> {
  const reached = new Set<string>();
  const pending = [name];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (reached.has(next)) continue;
    reached.add(next);
    pending.push(...(implies.get(next) ?? []));
  }
  return reached;
}

/** Reads and checks a catalogue file; any problem is a CatalogueFileError naming the file and the path inside it. */
export function loadCatalogue(file: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(error);
    throw new CatalogueFileError(file, [reason]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CatalogueFileError(file, [`not JSON: ${(error as Error).message}`]);
  }
  const parsed = catalogueFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CatalogueFileError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`),
    );
  }
  return new Catalogue(parsed.data);
}
