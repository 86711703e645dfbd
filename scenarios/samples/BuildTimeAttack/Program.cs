// The program itself is harmless: the attack is in the project file's build target.
Console.WriteLine("build info generated");
