-- CreateEnum
CREATE TYPE "RotationOverlap" AS ENUM ('NONE', 'ONE_HOUR', 'ONE_DAY', 'SEVEN_DAYS');

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'TOKEN_ROTATED';

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "rotatedAt" TIMESTAMP(3),
ADD COLUMN     "previousDigest" TEXT,
ADD COLUMN     "previousSecretValidUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "rotationOverlap" "RotationOverlap";

-- CreateIndex
CREATE UNIQUE INDEX "PersonalAccessToken_previousDigest_key" ON "PersonalAccessToken"("previousDigest");

