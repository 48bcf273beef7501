import { randomUUID } from 'node:crypto';

export interface Report {
  id: string;
  title: string;
  body: string;
  /** The Latchkey user id of the token that created it. */
  authorId: string;
  createdAt: Date;
}

/** The reports, in memory: this service exists to show how it checks tokens, not how it stores things. */
export class Reports {
  readonly #reports: Report[] = [];

  list(): readonly Report[] {
    return this.#reports;
  }

  create(title: string, body: string, authorId: string): Report {
    const report = { id: randomUUID(), title, body, authorId, createdAt: new Date() };
    this.#reports.push(report);
    return report;
  }
}
