import { graphql } from '$lib/graphql';

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);
