/**
 * The knowledge editor (admins): a new article, or a new version of one, with its version history (each
 * version readable in full, and publishable again). Opened from the knowledge page: #/kb-edit (new) or
 * #/kb-edit/<articleId>.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useCallback, useEffect, useState } from 'react';
import type { Article, KnowledgeCategory } from '../../../schemas/knowledge';
import { api } from '../api';
import { useApp } from '../context';
import { EDITOR_WORDS } from '../i18n-editor';

const SPOKEN_MAX = 300;

interface Draft {
  articleId: string;
  title: string;
  body: string;
  category: string;
  tags: string;
  language: 'zh-CN' | 'en-US';
  owner: string;
  spoken: string;
}

const EMPTY: Draft = {
  articleId: '',
  title: '',
  body: '',
  category: '',
  tags: '',
  language: 'zh-CN',
  owner: '',
  spoken: '',
};

const draftOf = (a: Article): Draft => ({
  articleId: a.articleId,
  title: a.title,
  body: a.body,
  category: a.category,
  tags: a.tags.join(', '),
  language: a.language as Draft['language'],
  owner: a.owner,
  spoken: a.spoken ?? '',
});

export default function ArticleEditorPage({ articleId }: { articleId: string }) {
  const { t, lang, session, navigate } = useApp();
  const w = EDITOR_WORDS[lang];
  const isNew = articleId === '';
  const [categories, setCategories] = useState<KnowledgeCategory[]>([]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [current, setCurrent] = useState<Article | null>(null);
  const [versions, setVersions] = useState<Article[]>([]);
  const [viewing, setViewing] = useState<Article | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (isNew) return;
    const r = await api<{ versions: Article[] }>(
      'GET',
      `/api/kb/articles/${encodeURIComponent(articleId)}/versions`,
    );
    const [head] = r.versions;
    setVersions(r.versions);
    if (head) {
      setCurrent(head);
      setDraft(draftOf(head));
    }
  }, [articleId, isNew]);

  useEffect(() => {
    api<{ categories: KnowledgeCategory[] }>('GET', '/api/kb/categories')
      .then((r) => setCategories(r.categories))
      .catch(() => setCategories([]));
    load().catch((e: Error) => setMessage({ type: 'error', text: e.message }));
  }, [load]);

  if (session.role !== 'admin') return <Alert type="warning">{w.adminOnly}</Alert>;

  const set = (k: keyof Draft) => (e: { detail: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.detail.value }));
  const content = () => ({
    title: draft.title,
    body: draft.body,
    category: draft.category,
    tags: draft.tags
      .split(/[,，]/)
      .map((s) => s.trim())
      .filter(Boolean),
    language: draft.language,
    ...(draft.owner.trim() ? { owner: draft.owner.trim() } : {}),
    spoken: draft.spoken.trim(),
  });

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      if (isNew) {
        const r = await api<{ article: Article }>('POST', '/api/kb/articles', {
          articleId: draft.articleId.trim(),
          ...content(),
        });
        navigate(`kb-edit/${encodeURIComponent(r.article.articleId)}`);
        setMessage({ type: 'success', text: w.created(r.article.articleId) });
        return;
      }
      const r = await api<{ article: Article; result: string }>(
        'POST',
        `/api/kb/articles/${encodeURIComponent(articleId)}/versions`,
        { ...content(), baseVersion: current?.version ?? 1 },
      );
      setMessage(
        r.result === 'unchanged'
          ? { type: 'info', text: w.unchanged }
          : { type: 'success', text: w.published(r.article.version) },
      );
      await load();
    } catch (e) {
      setMessage({ type: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const restore = async (v: Article) => {
    setMessage(null);
    try {
      const r = await api<{ article: Article; result: string }>(
        'POST',
        `/api/kb/articles/${encodeURIComponent(articleId)}/versions/${v.version}/restore`,
        { baseVersion: current?.version ?? 1 },
      );
      setMessage(
        r.result === 'unchanged'
          ? { type: 'info', text: w.unchanged }
          : { type: 'success', text: w.published(r.article.version) },
      );
      setViewing(null);
      await load();
    } catch (e) {
      setMessage({ type: 'error', text: (e as Error).message });
    }
  };

  const options = categories.map((c) => ({ value: c.key, label: c.label[lang] ?? c.key }));
  const langOptions = [
    { value: 'zh-CN', label: '中文 (zh-CN)' },
    { value: 'en-US', label: 'English (en-US)' },
  ];
  const next = (current?.version ?? 0) + 1;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={isNew ? undefined : `${articleId} · ${t.version} ${current?.version ?? ''}`}
        >
          {isNew ? w.newArticle : w.editArticle}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {message && (
          <Alert type={message.type} data-testid="editor-message">
            {message.text}
          </Alert>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Form
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  formAction="none"
                  variant="link"
                  onClick={() => navigate(isNew ? 'kb' : `kb?article=${encodeURIComponent(articleId)}`)}
                >
                  {w.cancel}
                </Button>
                <Button
                  variant="primary"
                  loading={busy}
                  disabled={!draft.title.trim() || !draft.body.trim() || !draft.category}
                  data-testid="editor-save"
                >
                  {isNew ? w.create : w.publish(next)}
                </Button>
              </SpaceBetween>
            }
          >
            <Container>
              <SpaceBetween size="m">
                {isNew && (
                  <FormField label={w.articleId} description={w.articleIdHint}>
                    <Input value={draft.articleId} onChange={set('articleId')} data-testid="editor-id" />
                  </FormField>
                )}
                <FormField label={w.title}>
                  <Input value={draft.title} onChange={set('title')} data-testid="editor-title" />
                </FormField>
                <SpaceBetween direction="horizontal" size="l">
                  <FormField label={t.category}>
                    <Select
                      data-testid="editor-category"
                      selectedOption={options.find((o) => o.value === draft.category) ?? null}
                      onChange={(e) =>
                        setDraft((d) => ({ ...d, category: e.detail.selectedOption.value ?? '' }))
                      }
                      options={options}
                    />
                  </FormField>
                  <FormField label={w.language}>
                    <Select
                      selectedOption={langOptions.find((o) => o.value === draft.language) ?? null}
                      onChange={(e) =>
                        setDraft((d) => ({
                          ...d,
                          language: (e.detail.selectedOption.value ?? 'zh-CN') as Draft['language'],
                        }))
                      }
                      options={langOptions}
                    />
                  </FormField>
                  <FormField label={w.owner} description={w.ownerHint}>
                    <Input value={draft.owner} onChange={set('owner')} placeholder={session.username} />
                  </FormField>
                </SpaceBetween>
                <FormField label={t.tags} description={w.tagsHint}>
                  <Input value={draft.tags} onChange={set('tags')} data-testid="editor-tags" />
                </FormField>
                <FormField label={w.body}>
                  <Textarea rows={10} value={draft.body} onChange={set('body')} data-testid="editor-body" />
                </FormField>
                <FormField
                  label={w.spoken}
                  description={w.spokenHint}
                  constraintText={w.chars(draft.spoken.length, SPOKEN_MAX)}
                  errorText={
                    draft.spoken.length > SPOKEN_MAX ? w.chars(draft.spoken.length, SPOKEN_MAX) : undefined
                  }
                >
                  <Textarea
                    rows={3}
                    value={draft.spoken}
                    onChange={set('spoken')}
                    data-testid="editor-spoken"
                  />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
        {!isNew && (
          <Table
            variant="container"
            data-testid="editor-versions"
            header={
              <Header variant="h2" counter={`(${versions.length})`}>
                {w.versions}
              </Header>
            }
            items={versions}
            columnDefinitions={[
              {
                id: 'v',
                header: t.version,
                cell: (v) => (v.version === current?.version ? `${v.version} (${w.current})` : v.version),
              },
              { id: 'title', header: w.title, cell: (v) => v.title },
              { id: 'at', header: w.updatedAt, cell: (v) => new Date(v.updatedAt).toLocaleString(lang) },
              { id: 'by', header: w.updatedBy, cell: (v) => v.updatedBy },
              {
                id: 'actions',
                header: '',
                cell: (v) => (
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button
                      variant="inline-link"
                      onClick={() => setViewing(v)}
                      data-testid={`view-${v.version}`}
                    >
                      {w.view}
                    </Button>
                    {v.version !== current?.version && (
                      <Button
                        variant="inline-link"
                        onClick={() => void restore(v)}
                        data-testid={`restore-${v.version}`}
                      >
                        {w.restore}
                      </Button>
                    )}
                  </SpaceBetween>
                ),
              },
            ]}
            empty={<Box>—</Box>}
          />
        )}
        {viewing && (
          <Container
            data-testid="editor-viewing"
            header={
              <Header
                variant="h2"
                description={`${viewing.updatedBy} · ${new Date(viewing.updatedAt).toLocaleString(lang)}`}
                actions={<Button onClick={() => setViewing(null)}>{w.close}</Button>}
              >
                {`${w.viewing(viewing.version)}: ${viewing.title}`}
              </Header>
            }
          >
            <SpaceBetween size="s">
              <div style={{ whiteSpace: 'pre-wrap' }}>{viewing.body}</div>
              {viewing.spoken && (
                <Box variant="small" color="text-body-secondary">{`${w.spoken}: ${viewing.spoken}`}</Box>
              )}
            </SpaceBetween>
          </Container>
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
