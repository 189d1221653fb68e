"""The front door end to end, offline (contract §10): the api function under `cargo lambda watch`
as a function URL, S3, SNS and Cognito served by `moto_server`, the pool's tokens checked against
the JWKS moto serves. Run by scripts/lambda-e2e.sh after scripts/lambda_e2e.py, with the same
servers, pool and bucket.

Checks, over HTTP as a browser or a program calls:
- isolation, case by case: every group (21 regions, 6 RCC, assessor, finance) × every call
  (upload, list and read notifications, read another's notification, list and read the summary,
  record a decision), own and other's; then a forged token (another key), an expired one, one
  from another pool, an ID token, a user in two groups, in an unknown group, in none: 401 or 403,
  nothing written;
- bad input: not JSON (400), over 1 MiB (413), crooked addresses (`../01/`, `%2F`, a Cyrillic
  look-alike): refused in Swedish and English, nothing written outside the sender's prefix;
- once: every accepted upload is one object under the sender's prefix and one notification, and
  its S3 event, delivered afterwards to assess-report, adds nothing; one SNS message each.

Prints the isolation table it checked.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambda_e2e as e2e  # noqa: E402  (the shared helpers: clients, events, invoke)

MOTO = os.environ["SVF_E2E_MOTO"]
WATCH_PORT = os.environ["SVF_E2E_WATCH_PORT"]
POOL = os.environ["SVF_E2E_POOL"]
CLIENT = os.environ["SVF_E2E_CLIENT"]
OTHER_POOL = os.environ["SVF_E2E_OTHER_POOL"]
OTHER_CLIENT = os.environ["SVF_E2E_OTHER_CLIENT"]
API = f"http://127.0.0.1:{WATCH_PORT}/lambda-url/api"
ROOT = e2e.ROOT
BUCKET = e2e.BUCKET
PASSWORD = "Svf-e2e-lösenord-2026"

REGIONS = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18",
           "19", "20", "21", "22", "23", "24", "25"]
RCCS = ["norr", "mellansverige", "stockholm-gotland", "sydost", "syd", "vast"]
GROUPS = [f"region-{c}" for c in REGIONS] + [f"rcc-{r}" for r in RCCS] + ["assessor", "finance"]

cognito = e2e.client("cognito-idp")
s3 = e2e.s3
fail = e2e.fail


def call(method, path, token=None, body=None, origin=None):
    """(status, parsed JSON or raw bytes) of one call to the api function."""
    request = urllib.request.Request(API + path, data=body, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if origin:
        request.add_header("Origin", origin)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            status, raw, kind = answer.status, answer.read(), answer.headers.get("content-type", "")
    except urllib.error.HTTPError as refused:
        status, raw, kind = refused.code, refused.read(), refused.headers.get("content-type", "")
    return status, (json.loads(raw) if kind.startswith("application/json") and raw else raw)


def user(pool, client, name, groups):
    """A user of `pool` in `groups`, signed in: its access and ID tokens."""
    cognito.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
    cognito.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)
    for group in groups:
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=name, GroupName=group)
    result = cognito.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD})
    tokens = result.get("AuthenticationResult")
    if not tokens:
        fail(f"{name}: signing in asked for {result.get('ChallengeName')}")
    return tokens["AccessToken"], tokens["IdToken"]


def minted(claims, key=None):
    """A token signed with moto's own pool key (its private JWK, as moto signs), or `key`."""
    from joserfc import jwk, jwt
    from moto.utilities.utils import load_resource
    if key is None:
        key = jwk.RSAKey.import_key(load_resource("moto.cognitoidp.models", "resources/jwks-private.json"))
    return jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, key)


def claims_of(token):
    import base64
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def report_of(group):
    if group.startswith("region-"):
        with open(os.path.join(ROOT, "demo", "reports-2024", group.removeprefix("region-") + ".json"), "rb") as f:
            return f.read()
    if group.startswith("rcc-"):
        with open(os.path.join(ROOT, "spec", "examples", "rcc-2024-vast-first.json"), encoding="utf-8") as f:
            report = json.load(f)
        report["rcc"] = group.removeprefix("rcc-")
        return json.dumps(report).encode()
    return b"{}"


def prefix_of(group):
    kind, _, name = group.partition("-")
    return {"region": f"reports/2024/{name}/", "rcc": f"reports/2024/rcc/{name}/"}.get(kind)


def notification_prefix(group):
    kind, _, name = group.partition("-")
    return {"region": f"notifications/2024/{name}/", "rcc": f"notifications/2024/rcc/{name}/"}.get(kind)


DECISION = json.dumps({
    "schema": "svf-decision/1", "agreement_year": 2024, "region_code": "12",
    "decided_by": "Socialdepartementet", "decided_on": "2024-12-05", "case": "S2024/0001",
    "parts": [{"id": "second", "eligible": True, "reason": "Beviljad efter komplettering"}]}).encode()


def isolation(tokens):
    """Every group × every call, own and other's. Returns the table's rows and the uploads."""
    before = {g: e2e.keys(notification_prefix(g)) for g in GROUPS if notification_prefix(g)}
    s3.put_object(Bucket=BUCKET, Key="summary/2024/e2e-note.json", Body=b'{"e2e": true}')
    uploads, rows = {}, []
    for group in GROUPS:
        status, answer = call("POST", "/reports/2024", tokens[group], report_of(group))
        own = prefix_of(group)
        if own:
            if status != 201 or not answer["key"].startswith(own):
                fail(f"{group}: upload answered {status} {answer}")
            if answer["notification"]["assessment"]["status"] not in ("assessed", "rejected") and "rcc" not in group:
                fail(f"{group}: no assessment in the answer: {answer}")
            uploads[group] = answer
        elif status != 403:
            fail(f"{group}: an upload answered {status}, not 403")
        rows.append((group, "POST /reports/2024", status))
    for group in GROUPS:
        token = tokens[group]
        own = notification_prefix(group)
        status, listed = call("GET", "/notifications/2024", token)
        if own:
            ids = sorted(n["id"] for n in listed)
            expected = sorted(k.rsplit("/", 1)[1].removesuffix(".json") for k in e2e.keys(own))
            if status != 200 or ids != expected or uploads[group]["notification_id"] not in ids:
                fail(f"{group}: lists {status} {ids}, its own are {expected}")
            others = [a["notification_id"] for g, a in uploads.items() if g != group]
            for other in others[:3] + others[-3:]:
                status_other, _ = call("GET", f"/notifications/2024/{other}", token)
                if status_other != 404:
                    fail(f"{group}: read another's notification {other}: {status_other}")
            rows.append((group, "GET /notifications/2024 (own; others' 404)", status))
        elif status != 403:
            fail(f"{group}: listing notifications answered {status}")
        else:
            rows.append((group, "GET /notifications/2024", status))
        reads = group in ("assessor", "finance")
        status, body = call("GET", "/summary/2024/e2e-note.json", token)
        if status != (200 if reads else 403) or (reads and body != {"e2e": True}):
            fail(f"{group}: reading the summary answered {status}")
        rows.append((group, "GET /summary/2024/…", status))
        status, _ = call("PUT", "/decisions/2024/12", token, DECISION)
        if status != (200 if group == "assessor" else 403):
            fail(f"{group}: recording a decision answered {status}")
        rows.append((group, "PUT /decisions/2024/12", status))
    return rows, uploads, before


def refused_tokens(tokens, id_tokens):
    """Tokens that are not the pool's good access tokens, and users without one role."""
    good = claims_of(tokens["region-25"])
    now = int(time.time())
    forged_key = __import__("joserfc.jwk", fromlist=["RSAKey"]).RSAKey.generate_key(2048)
    cases = [
        ("none", None, 401),
        ("forged (another key)", minted(good, forged_key), 401),
        ("expired", minted(dict(good, iat=now - 7200, exp=now - 3600)), 401),
        ("another pool", tokens["other-pool"], 401),
        ("an ID token", id_tokens["region-25"], 401),
        ("two groups", tokens["two-groups"], 403),
        ("an unknown group", tokens["unknown-group"], 403),
        ("no group", tokens["no-group"], 403),
    ]
    written = e2e.keys("reports/") + e2e.keys("decisions/")
    rows = []
    for what, token, expected in cases:
        for method, path, body in [("POST", "/reports/2024", report_of("region-25")),
                                   ("GET", "/notifications/2024", None),
                                   ("GET", "/summary/2024", None),
                                   ("PUT", "/decisions/2024/12", DECISION)]:
            status, answer = call(method, path, token, body)
            if status != expected or not answer.get("message_sv") or not answer.get("message"):
                fail(f"{what}: {method} {path} answered {status} {answer}, not {expected}")
        rows.append((what, "every call", expected))
    if e2e.keys("reports/") + e2e.keys("decisions/") != written:
        fail("a refused token wrote something")
    return rows


def bad_input(token):
    """Bad bodies and crooked addresses: refused, nothing written."""
    written = e2e.keys("")
    rows = []
    for what, path, body, expected in [
        ("not JSON", "/reports/2024", b"inklusion: 80 %", 400),
        ("over 1 MiB", "/reports/2024", b" " * (1024 * 1024 + 1), 413),
        # A server before the function may resolve `..` first: then it asks for year 01, none.
        ("../01/", "/reports/2024/../01", b"{}", (400, 404)),
        ("an encoded slash", "/reports/2024%2F..%2F01", b"{}", 400),
        # A Cyrillic е and р, percent-encoded as a browser sends them.
        ("a look-alike letter", "/r%D0%B5%D1%80orts/2024", b"{}", 400),
        ("a year not known", "/reports/2019", b"{}", 404),
    ]:
        status, answer = call("POST", path, token, body)
        if status not in (expected if isinstance(expected, tuple) else (expected,)):
            fail(f"{what}: answered {status} {answer}, not {expected}")
        if not isinstance(answer, dict) or not answer.get("message_sv"):
            fail(f"{what}: the refusal is not worded: {answer}")
        rows.append((what, "POST", status))
    if e2e.keys("") != written:
        fail("a refused request wrote something")
    return rows


def once(uploads, before):
    """Each upload: one object, one notification; its S3 event afterwards adds none."""
    for group, answer in uploads.items():
        head = s3.head_object(Bucket=BUCKET, Key=answer["key"], VersionId=answer["version"])
        written = {"ETag": head["ETag"], "VersionId": answer["version"], "Size": head["ContentLength"],
                   "Sequencer": "0055AED6DCD90281E5"}
        e2e.invoke("assess-report", e2e.event(answer["key"], answer["received"], written))
        now = e2e.keys(notification_prefix(group))
        if len(now) != len(before[group]) + 1:
            fail(f"{group}: {len(now) - len(before[group])} notifications for one upload and its event")
        if len(e2e.keys(prefix_of(group))) < 1:
            fail(f"{group}: its upload is not stored")


def main():
    groups = GROUPS + ["admin"]
    for group in groups:
        cognito.create_group(GroupName=group, UserPoolId=POOL)
    tokens, id_tokens = {}, {}
    for group in GROUPS:
        tokens[group], id_tokens[group] = user(POOL, CLIENT, f"{group}@example.se", [group])
    tokens["two-groups"], _ = user(POOL, CLIENT, "two@example.se", ["region-25", "assessor"])
    tokens["unknown-group"], _ = user(POOL, CLIENT, "admin@example.se", ["admin"])
    tokens["no-group"], _ = user(POOL, CLIENT, "new@example.se", [])
    cognito.create_group(GroupName="region-25", UserPoolId=OTHER_POOL)
    tokens["other-pool"], _ = user(OTHER_POOL, OTHER_CLIENT, "region-25@example.se", ["region-25"])

    # Stockholm subscribes to its own notifications: one message for its one upload, however
    # often its event comes.
    sqs, sns = e2e.sqs, e2e.sns
    queue = sqs.create_queue(QueueName="front-door-stockholm")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=os.environ["SVF_TOPIC_ARN"], Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"FilterPolicy": json.dumps({"region_code": ["01"]})})

    started = time.time()
    rows, uploads, before = isolation(tokens)
    rows += refused_tokens(tokens, id_tokens)
    rows += bad_input(tokens["region-25"])
    once(uploads, before)
    messages = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages"):
        messages += batch
        for message in batch:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    if len(messages) != 1:
        fail(f"Stockholm got {len(messages)} SNS messages for its one upload through the front door")
    print(f"front-door-e2e: {len(rows)} cases in {time.time() - started:.1f} s, each as contract §10 says; "
          "every upload one object and one notification, its event afterwards adding none; "
          "Stockholm's subscription got one SNS message")
    width = max(len(r[0]) for r in rows)
    for who, what, status in rows:
        print(f"  {who:<{width}}  {what:<44} {status}")
    print("front-door-e2e: passed")


if __name__ == "__main__":
    main()
