import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCallback, useEffect, useState } from 'react';
import type { Article, SearchHit } from '../../../schemas/knowledge';
import { api } from '../api';
import { useApp } from '../context';
import { EDITOR_WORDS } from '../i18n-editor';

export default function KnowledgePage() {
  const { t, lang, session, navigate } = useApp();
  const admin = session.role === 'admin';
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState('');

  const open = useCallback(
    (id: string) =>
      api<Article>('GET', `/api/kb/articles/${encodeURIComponent(id)}`)
        .then(setArticle)
        .catch((e: Error) => setError(e.message)),
    [],
  );

  useEffect(() => {
    const id = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('article');
    if (id) void open(id);
  }, [open]);

  const search = async () => {
    setError('');
    setArticle(null);
    try {
      const r = await api<{ hits: SearchHit[] }>('GET', `/api/kb/search?q=${encodeURIComponent(q)}&limit=20`);
      setHits(r.hits);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          actions={
            admin && (
              <Button onClick={() => navigate('kb-edit')} data-testid="kb-new">
                {EDITOR_WORDS[lang].newArticle}
              </Button>
            )
          }
        >
          {t.knowledge}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <SpaceBetween direction="horizontal" size="xs">
            <div style={{ minWidth: 360 }}>
              <Input
                type="search"
                value={q}
                onChange={(e) => setQ(e.detail.value)}
                placeholder={t.searchPlaceholder}
                data-testid="kb-query"
              />
            </div>
            <Button variant="primary" data-testid="kb-search">
              {t.search}
            </Button>
          </SpaceBetween>
        </form>
        {error && <Alert type="error">{error}</Alert>}
        {article && (
          <Container
            header={
              <Header
                variant="h2"
                description={`${t.owner}: ${article.owner} · ${t.version} ${article.version}`}
                actions={
                  admin && (
                    <Button
                      onClick={() => navigate(`kb-edit/${encodeURIComponent(article.articleId)}`)}
                      data-testid="kb-edit"
                    >
                      {EDITOR_WORDS[lang].edit}
                    </Button>
                  )
                }
              >
                {article.title}
              </Header>
            }
          >
            <SpaceBetween size="s">
              <div style={{ whiteSpace: 'pre-wrap' }}>{article.body}</div>
              <SpaceBetween direction="horizontal" size="xxs">
                {article.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </SpaceBetween>
            </SpaceBetween>
          </Container>
        )}
        {hits && hits.length === 0 && <Box>{t.noResults}</Box>}
        {hits && hits.length > 0 && (
          <Container data-testid="kb-results">
            <SpaceBetween size="m">
              {hits.map((h) => (
                <div key={h.articleId} data-testid="kb-hit">
                  <Button variant="inline-link" onClick={() => void open(h.articleId)}>
                    {h.title}
                  </Button>
                  <Box variant="small" color="text-body-secondary" display="block">
                    {h.category} · {h.tags.join(', ')}
                  </Box>
                  <Box>{h.snippet}</Box>
                </div>
              ))}
            </SpaceBetween>
          </Container>
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
