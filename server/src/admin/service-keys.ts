import type { Catalogue, Service } from '../permissions/catalogue.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { listServiceKeys, type ServiceKeySummary } from '../services/service-keys.js';

/** A service of the catalogue as an administrator sees it: with its keys, oldest first, revoked ones included. */
export interface AdministeredService {
  service: Service;
  /** False for Latchkey itself: keys are for the operator's own services. */
  acceptsKeys: boolean;
  keys: ServiceKeySummary[];
}

/**
 * Every service of the catalogue as loaded, Latchkey's own first, each with its keys: one read for all of them.
 * Keys of a service since removed from the catalogue are not shown (no service answers to them any more).
 */
export async function listAdministeredServices(catalogue: Catalogue): Promise<AdministeredService[]> {
  const keysByService = new Map<string, ServiceKeySummary[]>();
  for (const key of await listServiceKeys()) {
    keysByService.set(key.serviceId, [...(keysByService.get(key.serviceId) ?? []), key]);
  }
  return catalogue.services.map((service) => ({
    service,
    acceptsKeys: service.id !== BUILT_IN_SERVICE_ID,
    keys: keysByService.get(service.id) ?? [],
  }));
}
