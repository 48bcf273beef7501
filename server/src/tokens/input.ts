import { tokenNameProblem } from '@latchkey/rules';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { TokenExpiration } from './expiration.js';

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
  permissions: z
    .array(
      z.string().refine((name) => operatorCatalogue().permission(name) !== undefined, {
        error: (issue) => `${String(issue.input).slice(0, 100)} is not a permission of this server's catalogue.`,
      }),
    )
    .min(1, 'Choose at least one permission.'),
});

export function parseGenerateTokenInput(input: unknown) {
  const result = generateTokenInputSchema.safeParse(input);
  if (!result.success) throw ValidationError.fromIssues(result.error.issues, ['input']);
  return result.data;
}
