import { redirect } from '@sveltejs/kit';
import { DEFAULT_SIGNED_IN_PATH } from '$lib/redirect';

export const load = () => redirect(303, DEFAULT_SIGNED_IN_PATH);
