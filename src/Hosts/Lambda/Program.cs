using SfCognitoSso.Hosts.Lambda;

return await LambdaEntryPoint.RunAsync(args, Console.OpenStandardInput(), Console.OpenStandardOutput(), new StandardErrorOnFirstUse());
