-- Each permission a token holds, one row each, so that the administrators' inventory finds the holders of a rare
-- permission or service through an index (docs/administration.md#which-index-serves-which-filter).
CREATE TABLE "TokenPermission" (
    "tokenId" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,

    PRIMARY KEY ("tokenId", "permission"),
    CONSTRAINT "TokenPermission_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "PersonalAccessToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The tokens already there: their space-separated `permissions`, split.
INSERT INTO "TokenPermission" ("tokenId", "permission", "prefix")
WITH RECURSIVE "split" ("tokenId", "permission", "rest") AS (
    SELECT "id", '', "permissions" || ' ' FROM "PersonalAccessToken"
    UNION ALL
    SELECT "tokenId", substr("rest", 1, instr("rest", ' ') - 1), substr("rest", instr("rest", ' ') + 1)
    FROM "split" WHERE "rest" <> ''
)
SELECT "tokenId", "permission", substr("permission", 1, instr("permission", ':') - 1)
FROM "split" WHERE "permission" <> '';

CREATE INDEX "TokenPermission_permission_tokenId_idx" ON "TokenPermission"("permission", "tokenId");

CREATE INDEX "TokenPermission_prefix_tokenId_idx" ON "TokenPermission"("prefix", "tokenId");
