#!/usr/bin/env python3
"""Writes wwwroot/samples/hospital-discharges.csv, a synthetic table of hospital stays.

Every value is generated here from a fixed seed; no real patient is behind any row. Five hospitals of different
sizes and case mixes stand for the sites of a hospital network, so the hospital column can serve as the owner
column: each hospital becomes one client. The label, discharge_outcome, is drawn from a softmax over three
linear scores, so the features predict it only in part, as in real records. Some cells are empty on purpose, to
show how missing values are handled. Uses only the standard library: python3 scripts/generate-sample-data.py
"""

import csv
import math
import random
from pathlib import Path

SEED = 20261205
OUTPUT = Path(__file__).resolve().parent.parent / "wwwroot" / "samples" / "hospital-discharges.csv"

# name, rows, mean age, share of emergency / elective / transfer admissions, site effect on readmission
HOSPITALS = [
    ("North General", 900, 67, (0.55, 0.35, 0.10), 0.15),
    ("Riverside Clinic", 600, 58, (0.35, 0.60, 0.05), -0.25),
    ("St. Anne", 450, 72, (0.50, 0.20, 0.30), 0.30),
    ("Harbor Medical", 300, 61, (0.65, 0.25, 0.10), 0.05),
    ("Valley Community", 150, 54, (0.40, 0.55, 0.05), -0.10),
]
ADMISSION_TYPES = ("emergency", "elective", "transfer")
OUTCOMES = ("home", "readmitted_30d", "long_term_care")


def clamp(value, low, high):
    return max(low, min(high, value))


def patient(rng, hospital):
    name, _, mean_age, admission_mix, site_effect = hospital
    age = round(clamp(rng.gauss(mean_age, 14), 18, 98))
    sex = rng.choice(("F", "M"))
    admission = rng.choices(ADMISSION_TYPES, weights=admission_mix)[0]
    bmi = clamp(rng.gauss(27.5, 5), 15, 55)
    systolic = clamp(rng.gauss(128 + 0.3 * (age - 60), 16), 85, 210)
    hba1c = clamp(rng.gauss(6.0 + 0.01 * (age - 60), 1.1), 4.0, 13.0)
    prior = min(8, int(rng.expovariate(1 / (0.6 + 0.02 * max(0, age - 50)))))
    smoker = rng.random() < 0.22
    stay = clamp(rng.lognormvariate(math.log(3.5 + 0.04 * max(0, age - 50) + (2 if admission == "transfer" else 0)), 0.5), 1, 60)

    readmit = (-1.9 + 0.025 * (age - 60) + 0.35 * prior + 0.3 * (hba1c - 6) + 0.45 * (admission == "emergency")
               + 0.25 * smoker + site_effect)
    long_term = -2.3 + 0.09 * (age - 65) + 0.1 * (stay - 5) + 0.6 * (admission == "transfer") + 0.02 * (systolic - 130)
    weights = [1.0, math.exp(readmit), math.exp(long_term)]
    outcome = rng.choices(OUTCOMES, weights=weights)[0]

    def maybe(value, missing_share):
        return "" if rng.random() < missing_share else value

    return {
        "hospital": name,
        "age": age,
        "sex": sex,
        "admission_type": admission,
        "bmi": maybe(f"{bmi:.1f}", 0.04),
        "systolic_bp": round(systolic),
        "hba1c": maybe(f"{hba1c:.1f}", 0.10),
        "prior_admissions": prior,
        "smoker": maybe("yes" if smoker else "no", 0.05),
        "length_of_stay_days": f"{stay:.1f}",
        "discharge_outcome": outcome,
    }


def main():
    rng = random.Random(SEED)
    rows = [patient(rng, hospital) for hospital in HOSPITALS for _ in range(hospital[1])]
    rng.shuffle(rows)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUTPUT}")


if __name__ == "__main__":
    main()
