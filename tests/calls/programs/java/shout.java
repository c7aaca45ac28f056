public class Main {
    public static String shout(String s) {
        return s + "!";
    }

    public static void main(String[] args) {
        System.out.println(shout("not this"));
        System.exit(0);
    }
}
