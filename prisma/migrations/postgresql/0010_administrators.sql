-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'ADMINISTRATOR_GRANTED';
ALTER TYPE "AuditAction" ADD VALUE 'ADMINISTRATOR_REVOKED';

-- AlterEnum
ALTER TYPE "ActorType" ADD VALUE 'OPERATOR';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isAdministrator" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorUserId" TEXT,
ADD COLUMN     "actorEmail" TEXT,
ADD COLUMN     "subjectUserId" TEXT,
ADD COLUMN     "subjectEmail" TEXT;

