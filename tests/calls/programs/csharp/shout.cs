using System;

class Program {
    static string shout(string s) {
        Console.WriteLine("shouting " + s.Length + " UTF-16 units");
        return s + "!";
    }

    static void Main() {
        Console.WriteLine(shout(Console.ReadLine()));
    }
}
