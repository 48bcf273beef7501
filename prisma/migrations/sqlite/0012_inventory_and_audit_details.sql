-- The administrators' token inventory (docs/administration.md#the-token-inventory): keyset pages sorted by expiry or
-- last use need the id beside the sort column, and the created-from-address filter its own index in list order.
DROP INDEX "PersonalAccessToken_expiresAt_idx";
CREATE INDEX "PersonalAccessToken_expiresAt_id_idx" ON "PersonalAccessToken"("expiresAt", "id");

CREATE INDEX "PersonalAccessToken_lastUsedAt_id_idx" ON "PersonalAccessToken"("lastUsedAt", "id");

CREATE INDEX "PersonalAccessToken_createdFromAddress_createdAt_id_idx" ON "PersonalAccessToken"("createdFromAddress", "createdAt", "id");

-- Administrative events' details (docs/administration.md): columns added in place.
ALTER TABLE "AuditEvent" ADD COLUMN "message" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "count" INTEGER;
ALTER TABLE "AuditEvent" ADD COLUMN "serviceId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "serviceKeyHint" TEXT;
