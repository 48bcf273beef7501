-- Each permission a token holds, one row each, so that the administrators' inventory finds the holders of a rare
-- permission or service through an index (docs/administration.md#which-index-serves-which-filter).
CREATE TABLE "TokenPermission" (
    "tokenId" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,

    CONSTRAINT "TokenPermission_pkey" PRIMARY KEY ("tokenId","permission")
);

-- The tokens already there: their space-separated `permissions`, split.
INSERT INTO "TokenPermission" ("tokenId", "permission", "prefix")
SELECT "id", "permission", split_part("permission", ':', 1)
FROM "PersonalAccessToken", unnest(string_to_array("permissions", ' ')) AS "permission"
WHERE "permission" <> '';

CREATE INDEX "TokenPermission_permission_tokenId_idx" ON "TokenPermission"("permission", "tokenId");

CREATE INDEX "TokenPermission_prefix_tokenId_idx" ON "TokenPermission"("prefix", "tokenId");

ALTER TABLE "TokenPermission" ADD CONSTRAINT "TokenPermission_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "PersonalAccessToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;
