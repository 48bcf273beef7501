-- The administrators' token inventory (docs/administration.md#the-token-inventory): keyset pages sorted by expiry or
-- last use need the id beside the sort column, and the created-from-address filter its own index in list order.
DROP INDEX "PersonalAccessToken_expiresAt_idx";
CREATE INDEX "PersonalAccessToken_expiresAt_id_idx" ON "PersonalAccessToken"("expiresAt", "id");

CREATE INDEX "PersonalAccessToken_lastUsedAt_id_idx" ON "PersonalAccessToken"("lastUsedAt", "id");

CREATE INDEX "PersonalAccessToken_createdFromAddress_createdAt_id_idx" ON "PersonalAccessToken"("createdFromAddress", "createdAt", "id");

-- Administrative events' details (docs/administration.md).
ALTER TABLE "AuditEvent" ADD COLUMN     "message" TEXT,
ADD COLUMN     "count" INTEGER,
ADD COLUMN     "serviceId" TEXT,
ADD COLUMN     "serviceKeyHint" TEXT;
