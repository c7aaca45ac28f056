oo::class create Solution {
    method shout {s} {
        return "$s!"
    }
}
