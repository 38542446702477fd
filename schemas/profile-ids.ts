/** The industry profiles' ids, without zod: read by `hotline --help`, which loads no schema. */
export const PROFILE_IDS = ['auto-dealer', 'logistics', 'distribution', 'outsourced-crm'] as const;
