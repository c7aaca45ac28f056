import java.util.Arrays;

class Scaler {
    final double k;

    Scaler(double k) {
        this.k = k;
    }
}

public static double[] scale(double[] xs, double k) {
    Scaler by = new Scaler(k);
    return Arrays.stream(xs).map(x -> x * by.k).toArray();
}

public static void main(String[] args) {
    System.exit(0);
}
