/**
 * Knowledge base (F13): articles agents read during a call. Categories are per profile
 * (contact-flows/profiles/knowledge.ts); each save of an article is a new version, the older ones kept.
 */
import { z } from 'zod';
import { LanguageSchema } from './crm.js';

export const ArticleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-", up to 64 (e.g. "return-policy")');
export const CategoryKeySchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a category key such as "faq"');

const Localized = z.object({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) });

export const KnowledgeCategorySchema = z.object({ key: CategoryKeySchema, label: Localized });
export type KnowledgeCategory = z.infer<typeof KnowledgeCategorySchema>;

/**
 * One FAQ of the IVR's spoken answers (F13): its key in the FAQ menu, what the menu calls it, and the article whose
 * `spoken` answer is read, per language (an article has one language).
 */
export const FaqTopicSchema = z.object({
  key: z.string().regex(/^[1-9]$/, 'a key 1-9 (0 is the agent)'),
  label: Localized,
  articles: z.object({ 'zh-CN': ArticleIdSchema, 'en-US': ArticleIdSchema }),
});
export type FaqTopic = z.infer<typeof FaqTopicSchema>;

/** Spoken FAQ answers in the IVR: the main-menu key that opens the FAQ menu, and its topics (its top FAQs). */
export const IvrFaqSchema = z.object({
  menuKey: z.string().regex(/^[1-9]$/),
  topics: z.array(FaqTopicSchema).min(1).max(8),
});
export type IvrFaq = z.infer<typeof IvrFaqSchema>;

/** A profile's knowledge settings: its categories, and what each IVR menu key suggests to the agent. */
export const KnowledgeSettingsSchema = z
  .object({
    categories: z.array(KnowledgeCategorySchema).min(1),
    /** Menu key → the categories and tags whose articles are suggested for a call that chose it. */
    suggestions: z.record(
      z.string().regex(/^[0-9]$/),
      z.object({ categories: z.array(CategoryKeySchema).default([]), tags: z.array(z.string()).default([]) }),
    ),
    /** Spoken answers to the top FAQs by key in the IVR (a flow module); none: the profile offers none. */
    ivrFaq: IvrFaqSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const keys = new Set(s.categories.map((c) => c.key));
    if (keys.size !== s.categories.length)
      ctx.addIssue({ code: 'custom', message: 'duplicate category key' });
    const topicKeys = s.ivrFaq?.topics.map((t) => t.key) ?? [];
    if (new Set(topicKeys).size !== topicKeys.length)
      ctx.addIssue({ code: 'custom', message: 'ivrFaq: duplicate topic key' });
    for (const [menuKey, sug] of Object.entries(s.suggestions))
      for (const c of sug.categories)
        if (!keys.has(c))
          ctx.addIssue({ code: 'custom', message: `suggestions.${menuKey}: unknown category "${c}"` });
  });
export type KnowledgeSettings = z.infer<typeof KnowledgeSettingsSchema>;
export type KnowledgeSettingsInput = z.input<typeof KnowledgeSettingsSchema>;

/** The most characters of a spoken FAQ answer (about 40 s of speech in Chinese). */
export const SPOKEN_ANSWER_MAX = 300;

export const TagSchema = z.string().trim().min(1).max(32);

/** What an author writes: the body of a create or update. */
export const ArticleInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  category: CategoryKeySchema,
  tags: z.array(TagSchema).max(20).default([]),
  language: LanguageSchema.default('zh-CN'),
  /** Who owns the article (keeps it true): a user name. Defaults to the author. */
  owner: z.string().trim().min(1).max(64).optional(),
  /**
   * The short answer the IVR reads to a caller who chose this FAQ by key (plain text, no markup; a few
   * sentences). Without it the article is not offered in the IVR. An empty string removes it.
   */
  spoken: z.string().trim().max(SPOKEN_ANSWER_MAX).optional(),
});
export type ArticleInput = z.input<typeof ArticleInputSchema>;

export const ArticleSchema = z.object({
  articleId: ArticleIdSchema,
  title: z.string(),
  body: z.string(),
  category: CategoryKeySchema,
  tags: z.array(z.string()),
  language: LanguageSchema,
  owner: z.string(),
  /** The short answer the IVR speaks (see ArticleInputSchema.spoken). */
  spoken: z.string().optional(),
  /** 1 for the first save, +1 for each change. */
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.string(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** One search hit: the article without its body, a snippet and the score. */
export const SearchHitSchema = z.object({
  articleId: ArticleIdSchema,
  title: z.string(),
  category: CategoryKeySchema,
  tags: z.array(z.string()),
  snippet: z.string(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

// ---- the in-call Lambda (faqAnswer): a spoken FAQ answer ----

/**
 * The flow's parameters: the FAQ's article (`topic`), or its key in the profile's FAQ menu (`key`, resolved with the
 * profile's `ivrFaq` for `language`); the flow copy's language.
 */
export const FaqParamsSchema = z.looseObject({
  topic: ArticleIdSchema.optional().catch(undefined),
  key: z
    .string()
    .regex(/^[1-9]$/)
    .optional()
    .catch(undefined),
  language: LanguageSchema.optional().catch(undefined),
});
export type FaqParams = z.infer<typeof FaqParamsSchema>;

/**
 * `ok`: `prompt` is the article's spoken answer; `none`: no such FAQ, or its article has no spoken answer (the flow
 * apologises and offers an agent); `degraded`: could not read it in time.
 */
export const FAQ_STATUSES = ['ok', 'none', 'degraded'] as const;
export const FaqResponseSchema = z.strictObject({
  faqStatus: z.enum(FAQ_STATUSES),
  prompt: z.string(),
  /** The article read (for the agent's screen pop and the contact record), or empty. */
  articleId: z.string(),
  /** Its version, or empty. */
  articleVersion: z.string(),
});
export type FaqResponse = z.infer<typeof FaqResponseSchema>;
