import { exitForStartFailure } from './lifecycle/start-failure.js';

// Imported here, not above: a wrong environment variable then surfaces as one line, not an import's stack trace.
try {
  await import('./config.js');
} catch (error) {
  exitForStartFailure(error);
}
const { logStartFailure } = await import('./logging/logger.js');
try {
  const { startLatchkey } = await import('./lifecycle/start.js');
  await startLatchkey();
} catch (error) {
  exitForStartFailure(error, logStartFailure);
}
