// One sign-in against the local stack with the AWS SDK, printing the ID token's claims:
//   npm ci --prefix tests/Node && node tests/Node/sign-in.mjs '00D5j00000SfSso!demo.session.alice'
import {
  CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { clientId, cognitoUrl, region, validate, claimsOf } from './stack.mjs';

const session = process.argv[2] ?? process.env.SFSSO_SESSION;
if (!session) {
  console.error('usage: node tests/Node/sign-in.mjs <Salesforce session ID>   (or set SFSSO_SESSION)');
  process.exit(2);
}

let username;
try {
  ({ username } = await validate(session)); // step 1: the validator
} catch (error) {
  console.error(`sign-in refused: ${error.message.split('\n')[0]}`);
  process.exit(1);
}
const cognito = new CognitoIdentityProviderClient({ region, endpoint: cognitoUrl });
const challenge = await cognito.send(new InitiateAuthCommand({ // step 2
  AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username },
}));
const signedIn = await cognito.send(new RespondToAuthChallengeCommand({ // step 3: the session is the answer
  ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: challenge.Session,
  ChallengeResponses: { USERNAME: challenge.ChallengeParameters.USERNAME, ANSWER: session },
}));
console.log(JSON.stringify(claimsOf(signedIn.AuthenticationResult.IdToken), null, 2));
