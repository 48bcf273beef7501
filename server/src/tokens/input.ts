import { tokenNameProblem } from '@latchkey/rules';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { TokenExpiration } from './expiration.js';
import { allScopes } from './scopes.js';

export const tokenNameSchema = z
  .string()
  .trim()
  .superRefine((name, context) => {
    const problem = tokenNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export const generateTokenInputSchema = z.object({
  name: tokenNameSchema,
  expiration: z.enum(Object.values(TokenExpiration)),
  scopes: z.array(z.enum(allScopes)).min(1, 'Choose at least one scope.'),
});

export function parseGenerateTokenInput(input: unknown) {
  const result = generateTokenInputSchema.safeParse(input);
  if (!result.success) throw ValidationError.fromIssues(result.error.issues, ['input']);
  return result.data;
}
