fun scale(xs: List<Double>, k: Double): List<Double> = xs.map { it * k }
