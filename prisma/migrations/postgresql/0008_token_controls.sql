-- CreateEnum
CREATE TYPE "QuotaRefill" AS ENUM ('DAY', 'WEEK', 'MONTH');

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'TOKEN_REFUSED_ADDRESS';

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "allowedAddresses" TEXT,
ADD COLUMN     "quotaRefill" "QuotaRefill",
ADD COLUMN     "quotaSince" TIMESTAMP(3),
ADD COLUMN     "quotaUses" INTEGER,
ADD COLUMN     "rateLimitRequests" INTEGER,
ADD COLUMN     "rateLimitWindowSeconds" INTEGER,
ADD COLUMN     "refusedAddressCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "refusedCount" INTEGER;

-- CreateTable
CREATE TABLE "TokenUsageCounter" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "TokenUsageCounter_pkey" PRIMARY KEY ("key")
);

