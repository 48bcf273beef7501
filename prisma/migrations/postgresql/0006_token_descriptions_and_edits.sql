-- Tokens get an optional description (a note); edits are audited as TOKEN_UPDATED with the changed fields.
-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'TOKEN_UPDATED';

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "description" TEXT;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "changes" TEXT;

