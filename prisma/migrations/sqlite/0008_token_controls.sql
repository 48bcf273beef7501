-- AlterTable (columns added in place: a table rebuild would copy every token)
ALTER TABLE "PersonalAccessToken" ADD COLUMN "allowedAddresses" TEXT;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "refusedAddressCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "rateLimitRequests" INTEGER;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "rateLimitWindowSeconds" INTEGER;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "quotaUses" INTEGER;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "quotaRefill" TEXT;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "quotaSince" DATETIME;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "refusedCount" INTEGER;

-- CreateTable
CREATE TABLE "TokenUsageCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT
);
