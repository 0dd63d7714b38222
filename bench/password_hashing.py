"""What one sign-in's password check costs: argon2id with the library's parameters (what the portal uses)
and with the lowest cost (what the test suite uses). Run: .venv/bin/python bench/password_hashing.py"""
import statistics
import time

from argon2 import PasswordHasher


def cost(hasher: PasswordHasher, rounds: int = 5) -> float:
    """Median seconds for one hash and one verify."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        hashed = hasher.hash("correct horse battery")
        hasher.verify(hashed, "correct horse battery")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    print(f"portal (library defaults): {cost(PasswordHasher()):.3f} s per hash+verify")
    print(f"test suite (lowest cost):  {cost(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)):.4f} s")
