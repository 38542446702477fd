import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { localLogin, setToken, type WorkspaceConfig } from '../api';
import { startCognitoSignIn } from '../cognito';
import type { Lang, Words } from '../i18n';

export function LoginPage(props: {
  t: Words;
  lang: Lang;
  setLang: (l: Lang) => void;
  config: WorkspaceConfig;
  onLoggedIn: () => Promise<void>;
}) {
  const { t } = props;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      const r = await localLogin(username.trim(), password);
      setToken(r.token);
      await props.onLoggedIn();
    } catch {
      setError(t.loginFailed);
    } finally {
      setBusy(false);
    }
  };

  if (props.config.mode === 'cognito')
    return (
      <Box padding="xxl" textAlign="center">
        <SpaceBetween size="m">
          <Header variant="h1">{t.appTitle}</Header>
          {error && <Alert type="error">{error}</Alert>}
          <Button
            variant="primary"
            onClick={() => void startCognitoSignIn(props.config).catch((e: Error) => setError(e.message))}
          >
            {t.login}
          </Button>
        </SpaceBetween>
      </Box>
    );

  return (
    <Box padding="xxl">
      <div style={{ maxWidth: 420, margin: '0 auto' }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Form
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  variant="link"
                  formAction="none"
                  onClick={() => props.setLang(props.lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
                >
                  {props.lang === 'zh-CN' ? 'English' : '中文'}
                </Button>
                <Button variant="primary" loading={busy} data-testid="login-submit">
                  {t.login}
                </Button>
              </SpaceBetween>
            }
          >
            <Container header={<Header variant="h1">{t.appTitle}</Header>}>
              <SpaceBetween size="m">
                {error && <Alert type="error">{error}</Alert>}
                <FormField label={t.username}>
                  <Input
                    value={username}
                    onChange={(e) => setUsername(e.detail.value)}
                    autoComplete="username"
                    name="username"
                  />
                </FormField>
                <FormField label={t.password} description={t.loginHint}>
                  <Input
                    type="password"
                    value={password}
                    onChange={(e) => setPassword(e.detail.value)}
                    autoComplete="current-password"
                    name="password"
                  />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      </div>
    </Box>
  );
}
