-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "actorUserId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "actorEmail" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "subjectUserId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "subjectEmail" TEXT;

-- AlterTable (a column added in place: Prisma's diff would rebuild the User table)
ALTER TABLE "User" ADD COLUMN "isAdministrator" BOOLEAN NOT NULL DEFAULT false;
