class Solution {
    public double[] scale(double[] xs, double k) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i] * k;
        }
        return out;
    }
}
