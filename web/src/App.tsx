import AppLayout from '@cloudscape-design/components/app-layout';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import Spinner from '@cloudscape-design/components/spinner';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import {
  api,
  hasToken,
  loadConfig,
  setApiBase,
  setOnUnauthorized,
  setToken,
  type WorkspaceConfig,
} from './api';
import { finishCognitoSignIn } from './cognito';
import { AppContext, type Session } from './context';
import { initialLang, type Lang, WORDS } from './i18n';
import { ORDER_WORDS } from './i18n-orders';
import { LoginPage } from './pages/LoginPage';
import { isSupervisor, SUPERVISOR_WORDS } from './supervisor-i18n';

const CurrentCallPage = lazy(() => import('./pages/CurrentCallPage'));
const CustomerPage = lazy(() => import('./pages/CustomerPage'));
const TicketsPage = lazy(() => import('./pages/TicketsPage'));
const KnowledgePage = lazy(() => import('./pages/KnowledgePage'));
// The supervisor console (its navigation shows only to supervisors and admins; each page checks the role too).
const WallboardPage = lazy(() => import('./pages/WallboardPage'));
const PerformancePage = lazy(() => import('./pages/PerformancePage'));
const QaPage = lazy(() => import('./pages/QaPage'));
const MyEvaluationsPage = lazy(() => import('./pages/MyEvaluationsPage'));
const ArticleEditorPage = lazy(() => import('./pages/ArticleEditorPage'));
const OrderEntryPage = lazy(() => import('./pages/OrderEntryPage'));

const currentHash = () => window.location.hash.replace(/^#\/?/, '') || 'call';

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [config, setConfig] = useState<WorkspaceConfig | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);
  const [hash, setHash] = useState(currentHash);
  const t = WORDS[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('hotline.lang', lang);
  }, [lang]);
  useEffect(() => {
    const f = () => setHash(currentHash());
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);

  const refreshSession = useCallback(async () => {
    if (!hasToken()) {
      setSession(null);
      setChecking(false);
      return;
    }
    try {
      setSession(await api<Session>('GET', '/api/me'));
    } catch {
      setToken(null);
      setSession(null);
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    setOnUnauthorized(() => {
      setToken(null);
      setSession(null);
    });
    void loadConfig().then(async (c) => {
      setConfig(c);
      if (c.apiUrl) setApiBase(c.apiUrl);
      if (c.mode === 'cognito') {
        const token = await finishCognitoSignIn(c);
        if (token) setToken(token);
      }
      void refreshSession();
    });
  }, [refreshSession]);

  const navigate = useCallback((h: string) => {
    window.location.hash = `#/${h}`;
  }, []);

  if (!config || checking) return <Spinner size="large" />;
  if (!session)
    return <LoginPage t={t} lang={lang} setLang={setLang} config={config} onLoggedIn={refreshSession} />;

  const page = hash.split(/[/?]/)[0];
  const sw = SUPERVISOR_WORDS[lang];
  return (
    <AppContext.Provider value={{ t, lang, session, navigate }}>
      <div id="top-nav">
        <TopNavigation
          identity={{ href: '#/call', title: `${t.appTitle} · ${session.profile.title}` }}
          utilities={[
            {
              type: 'button',
              text: lang === 'zh-CN' ? 'English' : '中文',
              onClick: () => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN'),
            },
            {
              type: 'menu-dropdown',
              text: `${session.username} (${session.role})`,
              items: [{ id: 'logout', text: t.logout }],
              onItemClick: () => {
                setToken(null);
                setSession(null);
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        navigation={
          <SideNavigation
            activeHref={`#/${page}`}
            onFollow={(e) => {
              e.preventDefault();
              navigate(e.detail.href.replace(/^#\//, ''));
            }}
            items={[
              { type: 'link', text: t.currentCall, href: '#/call' },
              { type: 'link', text: t.customer, href: '#/customer' },
              { type: 'link', text: t.tickets, href: '#/tickets' },
              { type: 'link', text: t.knowledge, href: '#/kb' },
              { type: 'link', text: sw.myEvaluations, href: '#/my-evaluations' },
              ...(isSupervisor(session.role)
                ? [
                    { type: 'divider' as const },
                    {
                      type: 'section' as const,
                      text: sw.console,
                      items: [
                        { type: 'link' as const, text: sw.wallboard, href: '#/wallboard' },
                        { type: 'link' as const, text: sw.performance, href: '#/performance' },
                        { type: 'link' as const, text: sw.qa, href: '#/qa' },
                      ],
                    },
                  ]
                : []),
              ...(session.profile.id === 'distribution'
                ? [{ type: 'link' as const, text: ORDER_WORDS[lang].orderEntry, href: '#/orders' }]
                : []),
            ]}
          />
        }
        content={
          <Suspense fallback={<Spinner size="large" />}>
            {page === 'customer' ? (
              <CustomerPage customerId={hash.split('/')[1] ?? ''} />
            ) : page === 'tickets' ? (
              <TicketsPage query={new URLSearchParams(hash.split('?')[1] ?? '')} />
            ) : page === 'kb' ? (
              <KnowledgePage />
            ) : page === 'wallboard' ? (
              <WallboardPage />
            ) : page === 'performance' ? (
              <PerformancePage />
            ) : page === 'qa' ? (
              <QaPage contactId={hash.split('/')[1] ?? ''} />
            ) : page === 'my-evaluations' ? (
              <MyEvaluationsPage />
            ) : page === 'orders' ? (
              <OrderEntryPage query={new URLSearchParams(hash.split('?')[1] ?? '')} />
            ) : page === 'kb-edit' ? (
              <ArticleEditorPage articleId={decodeURIComponent(hash.split(/[/?]/)[1] ?? '')} />
            ) : (
              <CurrentCallPage />
            )}
          </Suspense>
        }
      />
    </AppContext.Provider>
  );
}
