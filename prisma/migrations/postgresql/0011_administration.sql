-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RevocationReason" ADD VALUE 'DENIED';
ALTER TYPE "RevocationReason" ADD VALUE 'INACTIVE';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'TOKEN_APPROVED';
ALTER TYPE "AuditAction" ADD VALUE 'TOKEN_DENIED';
ALTER TYPE "AuditAction" ADD VALUE 'TOKENS_REVOKED_IN_BULK';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_LOCKED';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_UNLOCKED';
ALTER TYPE "AuditAction" ADD VALUE 'SERVICE_KEY_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'SERVICE_KEY_REVOKED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lockedAt" TIMESTAMP(3),
ADD COLUMN     "lockedReason" TEXT,
ADD COLUMN     "lastSignInAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "pendingApprovalSince" TIMESTAMP(3),
ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedByEmail" TEXT,
ADD COLUMN     "revocationMessage" TEXT,
ADD COLUMN     "createdFromAddress" TEXT;

-- CreateIndex
CREATE INDEX "PersonalAccessToken_createdAt_id_idx" ON "PersonalAccessToken"("createdAt", "id");

-- CreateIndex
CREATE INDEX "PersonalAccessToken_pendingApprovalSince_idx" ON "PersonalAccessToken"("pendingApprovalSince");

