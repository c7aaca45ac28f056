# frozen_string_literal: true

def negate(b) = !b
