#!/usr/bin/env python3
"""Writes N made-up subscribers for the benchmark, fast enough for 1,000,000 rows.

    subscribers.py csv N OUT.csv
        email,name - for `tidings subscriber import`.
    subscribers.py tsv N NEWSLETTER_ID SUBSCRIBERS.tsv SUBSCRIPTIONS.tsv
        Rows for LOAD DATA into the `subscribers` and `subscriptions` tables, with explicit ids
        1..N, exactly the values `subscriber import --confirmed` would store: the normalized
        (lower-case) address, its SHA-256 hex, status 'active', consent 'import', UTC times.
    subscribers.py list N OUT.tsv
        id, email, name of the first N subscribers (the baseline's recipient list).

Addresses are unique (they carry the row number) and all end in reserved example domains.
"""
import hashlib
import sys
from datetime import datetime, timezone

FIRST = (
    "Ada Amara Bram Carmen Dario Elif Farid Greta Hana Idris Jonas Kasia Lena Malik Nadia Oskar "
    "Priya Quentin Rosa Sven Tomas Ulla Vera Wen Ximena Yusuf Zoe Aurelio Bettina Cosmin Dagny "
    "Emeka Freya Goran Hiroko Ines Jarek Kofi Liesel Mateo Noor Orla Pavel Rania Soren Tamsin "
    "Ugo Vivienne Wiebke Yara"
).split()
LAST = (
    "Okafor Lindqvist Moreau Brennan Castillo Novak Haddad Fischer Tanaka Oyelaran Ricci "
    "Kowalczyk Andersen Duarte Fitzgerald Grieve Halvorsen Ibarra Jansen Karlsson Laurent "
    "Mbeki Nakamura O'Rourke Petrov Quigley Rahman Sato Thorsen Urquhart Valdes Whitlock "
    "Xu Yilmaz Zamora Achterberg Bjork Coelho Dunmore Esposito"
).split()
DOMAINS = ("example.org", "example.net", "example.com", "mail.example.org", "post.example.net")


def person(i):
    first = FIRST[i % len(FIRST)]
    last = LAST[(i // len(FIRST)) % len(LAST)]
    local = f"{first}.{last}".lower().replace("'", "") + f".{i}"
    return f"{local}@{DOMAINS[i % len(DOMAINS)]}", f"{first} {last}"


def write_csv(n, path):
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("email,name\n")
        for i in range(n):
            email, name = person(i)
            out.write(f"{email},{name}\n")


def write_tsv(n, newsletter_id, subscribers_path, subscriptions_path):
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    with open(subscribers_path, "w", encoding="utf-8", newline="") as subs, open(
        subscriptions_path, "w", encoding="utf-8", newline=""
    ) as links:
        for i in range(n):
            email, name = person(i)
            digest = hashlib.sha256(email.encode("utf-8")).hexdigest()
            row_id = i + 1
            subs.write(
                f"{row_id}\t{email}\t{digest}\t{name}\tactive\t{now}\timport\tbench\t{now}\t{now}\n"
            )
            links.write(f"{row_id}\t{newsletter_id}\tactive\t{now}\t{now}\n")


def write_list(n, path):
    with open(path, "w", encoding="utf-8", newline="") as out:
        for i in range(n):
            email, name = person(i)
            out.write(f"{i + 1}\t{email}\t{name}\n")


def main(argv):
    kind = argv[1]
    if kind == "csv":
        write_csv(int(argv[2]), argv[3])
    elif kind == "tsv":
        write_tsv(int(argv[2]), int(argv[3]), argv[4], argv[5])
    elif kind == "list":
        write_list(int(argv[2]), argv[3])
    elif kind == "first":
        print(person(0)[0])
    else:
        raise SystemExit(f"unknown kind {kind}")


if __name__ == "__main__":
    main(sys.argv)
