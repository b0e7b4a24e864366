using SfCognitoSso.Cli;

return await Sfsso.RunAsync(args, new Terminal(), CancellationToken.None);
