-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN "rotatedAt" DATETIME;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "previousDigest" TEXT;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "previousSecretValidUntil" DATETIME;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "rotationOverlap" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "PersonalAccessToken_previousDigest_key" ON "PersonalAccessToken"("previousDigest");

