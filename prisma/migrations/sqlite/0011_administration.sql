-- AlterTable
ALTER TABLE "User" ADD COLUMN "lockedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "lockedReason" TEXT;
ALTER TABLE "User" ADD COLUMN "lastSignInAt" DATETIME;

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN "pendingApprovalSince" DATETIME;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "approvedByEmail" TEXT;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "revocationMessage" TEXT;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "createdFromAddress" TEXT;

-- CreateIndex
CREATE INDEX "PersonalAccessToken_createdAt_id_idx" ON "PersonalAccessToken"("createdAt", "id");

-- CreateIndex
CREATE INDEX "PersonalAccessToken_pendingApprovalSince_idx" ON "PersonalAccessToken"("pendingApprovalSince");

