-- Tokens hold permission names from the catalogue (`service:action`) in place of the four scope values;
-- stored lists stay sorted, as the new names sort as the old ones did.
ALTER TABLE "PersonalAccessToken" RENAME COLUMN "scopes" TO "permissions";
UPDATE "PersonalAccessToken" SET "permissions" =
  replace(replace(replace(replace("permissions",
    'PROFILE_READ', 'profile:read'),
    'TOKENS_READ', 'tokens:read'),
    'TOKENS_WRITE', 'tokens:write'),
    'AUDIT_READ', 'audit:read');
