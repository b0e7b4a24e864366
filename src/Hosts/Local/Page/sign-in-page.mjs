// The local stack's sign-in page: the form's session through the browser module, the ID token's claims shown.
import { signIn } from '/sfsso.mjs';

const setting = (name) => document.querySelector(`meta[name="sfsso-${name}"]`).content;
const form = document.getElementById('sign-in');
const status = document.querySelector('[data-testid="status"]');
const error = document.querySelector('[data-testid="error"]');
const claims = document.querySelector('[data-testid="claims"]');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  claims.hidden = true;
  status.textContent = 'Signing in…';
  try {
    const result = await signIn({
      sessionId: form.elements.sessionId.value.trim(),
      validatorUrl: window.location.origin,
      userPoolId: setting('user-pool-id'),
      clientId: setting('client-id'),
      cognitoUrl: setting('cognito-url'),
    });
    status.textContent = `Signed in as ${result.username}. ID token claims:`;
    claims.textContent = JSON.stringify(result.claims, null, 2);
    claims.hidden = false;
  } catch (failure) {
    status.textContent = '';
    error.textContent = `${failure.code ?? 'error'}: ${failure.message}`;
    error.hidden = false;
  }
});
