-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN "lastUsedService" TEXT;

