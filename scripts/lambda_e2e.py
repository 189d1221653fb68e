"""End to end, offline: the real Lambda binaries against `cargo lambda watch`'s runtime API, S3 and SNS served by
`moto_server` on 127.0.0.1, S3 events sent with `cargo lambda invoke --data-file`.

Uploads the 2024 population table and the 21 demo reports, plus a broken report, a report in the
wrong region's folder, and two versions of one region's report whose events arrive newest first;
delivers one event twice; then runs update-summary on every assessment event. Checks: one
notification per upload (the redelivery adds none), one SNS message per notification, the newest
report kept, the summary's second payment equal to the published 2024 annex, and its
annex-second.tsv the published annex byte for byte. Then the agency records a decision that
denies Skåne the second payment (decisions/2024/12.json); update-summary runs on its event and
the money follows: Skåne's share goes by population to the other 20, whose annex counts it out.

Run through scripts/lambda-e2e.sh, which starts and stops the servers.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOTO = os.environ["SVF_E2E_MOTO"]
WATCH_PORT = os.environ["SVF_E2E_WATCH_PORT"]
BUCKET = "svf-e2e"
REGION = "eu-north-1"


def fail(message):
    print(f"lambda-e2e: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def client(service):
    return boto3.client(service, endpoint_url=MOTO, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


s3 = client("s3")
sns = client("sns")
sqs = client("sqs")


SEQUENCE = [0]


def event(key, received, written=None, name="ObjectCreated:Put"):
    """An S3 event as S3 sends it: the key form-encoded, the ETag unquoted, the version the event
    is about (the bucket is versioned) and a sequencer that grows with every write. `written` is
    what put_object answered; without it, the object as it is now."""
    if written is None:
        SEQUENCE[0] += 1
        written = dict(s3.head_object(Bucket=BUCKET, Key=key),
                       Sequencer=f"{0x0055AED6DCD90281E5 + SEQUENCE[0]:018X}")
    head = written
    record = {
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION,
        "eventTime": received, "eventName": name,
        "userIdentity": {"principalId": "EXAMPLE"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": "E2E", "x-amz-id-2": "E2E"},
        "s3": {
            "s3SchemaVersion": "1.0", "configurationId": "e2e",
            "bucket": {"name": BUCKET, "ownerIdentity": {"principalId": "EXAMPLE"},
                       "arn": f"arn:aws:s3:::{BUCKET}"},
            "object": {"key": urllib.parse.quote_plus(key, safe="/"),
                       "size": head.get("ContentLength", head.get("Size", 0)),
                       "eTag": head["ETag"].strip('"'), "versionId": head["VersionId"],
                       "sequencer": head["Sequencer"]},
        },
    }
    return {"Records": [record]}


def invoke(function, payload, fails=False):
    """Runs the function on the event; it must succeed, or fail when `fails`. Returns its output."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(payload, f)
        path = f.name
    done = subprocess.run(
        ["cargo", "lambda", "invoke", "-A", "127.0.0.1", "-P", WATCH_PORT, "--data-file", path, function],
        capture_output=True, text=True, timeout=900)
    os.unlink(path)
    if (done.returncode != 0) != fails:
        fail(f"invoking {function} {'succeeded' if fails else 'failed'}: {done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def upload(key, body):
    """Writes the object; returns what an event about this write names."""
    answer = s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    SEQUENCE[0] += 1
    return {"ETag": answer["ETag"], "VersionId": answer["VersionId"], "Size": len(body),
            "Sequencer": f"{0x0055AED6DCD90281E5 + SEQUENCE[0]:018X}"}


def keys(prefix):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", []))


def notifications_of(code):
    return keys(f"notifications/2024/{code}/")


def read_json(key):
    return json.loads(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())


def main():
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    # As the template makes it: every write kept, so every upload can be read.
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    topic = os.environ["SVF_TOPIC_ARN"]
    # Norrbotten subscribes to its own notifications only, as docs/DEPLOYING.md shows.
    queue = sqs.create_queue(QueueName="norrbotten")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"FilterPolicy": json.dumps({"region_code": ["25"]})})
    with open(os.path.join(ROOT, "demo", "populations-2024.csv"), "rb") as f:
        upload("config/2024/populations.csv", f.read())

    uploads = []  # (key, received, what the write answered)
    reports = os.path.join(ROOT, "demo", "reports-2024")
    for i, name in enumerate(sorted(os.listdir(reports))):
        code = name.removesuffix(".json")
        key = f"reports/2024/{code}/redovisning 2024.json"  # a space: the event carries a '+'
        with open(os.path.join(reports, name), "rb") as f:
            written = upload(key, f.read())
        uploads.append((key, f"2024-09-{2 + i:02d}T08:00:00.000Z", written))

    # Broken JSON, and Uppsala's report uploaded into Stockholm's folder: both rejected.
    written = upload("reports/2024/01/trasig.json", b'{"schema": "svf-report/1", "agreement_year": 2024,')
    uploads.append(("reports/2024/01/trasig.json", "2024-09-25T08:00:00.000Z", written))
    with open(os.path.join(reports, "03.json"), "rb") as f:
        written = upload("reports/2024/01/fel-region.json", f.read())
    uploads.append(("reports/2024/01/fel-region.json", "2024-09-26T08:00:00.000Z", written))

    # Two versions from Skåne; the newer one's event arrives first.
    with open(os.path.join(reports, "12.json")) as f:
        good = json.load(f)
    older = dict(good, inclusion={"new_cases": 1000, "in_svf": 500})
    first = upload("reports/2024/12/version-1.json", json.dumps(older).encode())
    second = upload("reports/2024/12/version-2.json", json.dumps(good).encode())
    uploads.append(("reports/2024/12/version-2.json", "2024-09-28T08:00:00.000Z", second))
    uploads.append(("reports/2024/12/version-1.json", "2024-09-27T08:00:00.000Z", first))

    # Norrbotten: a passing report, a failing one, the passing one again, to one key. Every
    # write is an upload; the events come in the order third, first, second.
    norrbotten = "reports/2024/25/redovisning 2024.json"
    with open(os.path.join(reports, "25.json")) as f:
        passing = f.read().encode()
    failing = json.dumps(dict(json.loads(passing), inclusion={"new_cases": 1000, "in_svf": 500})).encode()
    a_b_a = [upload(norrbotten, passing), upload(norrbotten, failing), upload(norrbotten, passing)]
    times = ["2024-09-29T08:00:00.000Z", "2024-09-29T09:00:00.000Z", "2024-09-29T10:00:00.000Z"]
    for i in (2, 0, 1):
        uploads.append((norrbotten, times[i], a_b_a[i]))

    started = time.time()
    for key, received, written in uploads:
        invoke("assess-report", event(key, received, written))
    print(f"lambda-e2e: {len(uploads)} uploads assessed in {time.time() - started:.1f} s "
          "(each function a process polling the emulated runtime API)")
    # S3 delivers an event twice.
    invoke("assess-report", event(*uploads[0]))
    invoke("assess-report", event(*uploads[-1]))

    notifications = keys("notifications/")
    if len(notifications) != len(uploads):
        fail(f"{len(notifications)} notifications for {len(uploads)} uploads: {notifications}")
    norrbotten_notes = keys("notifications/2024/25/")
    if len(norrbotten_notes) != 4:
        fail(f"Norrbotten: {len(norrbotten_notes)} notifications for its demo report and A, B, A again")
    kept = read_json("assessments/2024/25.json")
    if kept["upload"].get("version") != a_b_a[2]["VersionId"] or kept["parts"][0]["eligible"] is not True:
        fail(f"the third upload of Norrbotten's key does not decide: {kept['upload']} {kept['parts']}")
    if kept["upload"].get("uploader") != "EXAMPLE":
        fail(f"the assessment does not record who uploaded: {kept['upload']}")
    kept = read_json("assessments/2024/12.json")
    if kept["upload"]["key"] != "reports/2024/12/version-2.json":
        fail(f"the older report replaced the newer: {kept['upload']}")
    stockholm = read_json("assessments/2024/01.json")
    if stockholm["upload"]["key"] != "reports/2024/01/redovisning 2024.json":
        fail(f"a rejected upload replaced Stockholm's assessment: {stockholm['upload']}")
    rejected = [read_json(k) for k in notifications if read_json(k)["assessment"]["status"] == "rejected"]
    if len(rejected) != 2:
        fail(f"{len(rejected)} rejections, expected the broken report and the wrong region")

    assessments = keys("assessments/2024/")
    if len(assessments) != 21:
        fail(f"{len(assessments)} assessments, expected 21: {assessments}")
    for key in assessments:
        invoke("update-summary", event(key, "2024-09-30T12:00:00.000Z", None))
    summary = read_json("summary/2024/payments.json")
    with open(os.path.join(ROOT, "tests", "data", "annex-2024-second-payment.tsv"), encoding="utf-8") as f:
        annex = [line.split("\t") for line in f.read().splitlines()[1:22]]
    paid = [(r["code"], r["amounts_ore"]["second"]) for r in summary["rows"]]
    published = [(row[0], int(row[4].replace(" ", "")) * 100) for row in annex]
    if paid != published:
        fail(f"the second payment differs from the annex:\n{paid}\n{published}")
    tsv = s3.get_object(Bucket=BUCKET, Key="summary/2024/payments.tsv")["Body"].read().decode()
    if "\tRiket\t10 557 682\t100%\t182 500 000\t182 500 000" not in tsv:
        fail(f"the annex table is wrong:\n{tsv}")
    with open(os.path.join(ROOT, "tests", "data", "annex-2024-second-payment.tsv"), "rb") as f:
        published_annex = f.read()
    annex = s3.get_object(Bucket=BUCKET, Key="summary/2024/annex-second.tsv")["Body"].read()
    if annex != published_annex:
        fail(f"annex-second.tsv is not the published annex:\n{annex.decode()}")
    # The same tables as workbooks, served as workbooks.
    for key in ["summary/2024/payments.xlsx", "summary/2024/annex-second.xlsx"]:
        head = s3.head_object(Bucket=BUCKET, Key=key)
        if head["ContentType"] != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            fail(f"{key} is served as {head['ContentType']}")
    # The report to the ministry, drafted by the summary function, served as a Word document
    # and named in payments.json's generation as of the same summary.
    docx = s3.get_object(Bucket=BUCKET, Key="summary/2024/rapport.docx")
    body = docx["Body"].read()
    if docx["ContentType"] != "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        fail(f"rapport.docx is served as {docx['ContentType']}")
    if not body.startswith(b"PK") or hashlib.sha256(body).hexdigest() != summary["generation"].get("summary/2024/rapport.docx"):
        fail("rapport.docx is not the one payments.json's generation names")

    # The ministry decides: Skåne is not paid the second payment. The summary follows.
    decision = {"schema": "svf-decision/1", "agreement_year": 2024, "region_code": "12",
                "decided_by": "Socialdepartementet", "decided_on": "2024-12-05", "case": "S2024/09999",
                "parts": [{"id": "second", "eligible": False, "reason": "Redovisningen avser fel period"}]}
    upload("decisions/2024/12.json", json.dumps(decision).encode())
    invoke("update-summary", event("decisions/2024/12.json", "2024-12-05T12:00:00.000Z", None))
    summary = read_json("summary/2024/payments.json")
    skane = next(r for r in summary["rows"] if r["code"] == "12")
    if skane["amounts_ore"]["second"] != 0 or skane.get("decided", {}).get("second", {}).get("case") != "S2024/09999":
        fail(f"the decision did not move the money: {skane}")
    if sum(r["amounts_ore"]["second"] for r in summary["rows"]) != 18_250_000_000:
        fail("the second payment is not paid in full to the others")
    annex = s3.get_object(Bucket=BUCKET, Key="summary/2024/annex-second.tsv")["Body"].read().decode()
    if not annex.startswith("Kod\tRegion\tBefolkningsmängd exkl. 1 region (nov 2024)\tAndel\tBelopp\n") \
            or "\n12\t" in annex or len(annex.splitlines()) != 22:
        fail(f"the annex does not follow the decision:\n{annex}")
    page = s3.get_object(Bucket=BUCKET, Key="summary/2024/index.html")["Body"].read().decode()
    if "beslut: beviljas inte (S2024/09999)" not in page:
        fail("the page does not show the decision")

    # A broken rules file: Gotland's new upload fails (Lambda would retry, then park the event
    # in the on-failure queue). Mended, the scheduled reconcile handles it, and only it.
    upload("config/2024/rules.json", b'{"schema": "svf-rules/1", "policy": "keep"}')
    gotland = "reports/2024/09/komplettering.json"
    with open(os.path.join(reports, "09.json"), "rb") as f:
        written = upload(gotland, f.read())
    out = invoke("assess-report", event(gotland, "2024-09-29T12:00:00.000Z", written), fails=True)
    if "policy: expected" not in out:
        fail(f"the broken rules file is not named: {out}")
    if keys("notifications/2024/09/") != notifications_of("09"):
        fail("a failed invocation left a notification")
    upload("config/2024/rules.json", b'{"schema": "svf-rules/1", "policy": "redistribute"}')
    before = len(keys("notifications/"))
    out = invoke("reconcile", {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}})
    notes = keys("notifications/")
    if len(notes) != before + 1 or gotland not in out:
        fail(f"reconcile: {len(notes) - before} new notifications (expected Gotland's one): {out}")
    if read_json("assessments/2024/09.json")["upload"]["key"] != gotland:
        fail("reconcile did not assess the lost upload")
    invoke("reconcile", {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}})
    if len(keys("notifications/")) != before + 1:
        fail("a second reconcile added notifications")

    with urllib.request.urlopen(f"{MOTO}/moto-api/data.json") as response:
        state = json.load(response)
    topics = state["sns"]["Topic"]
    sent = [n for t in topics if t.get("arn") == topic for n in t.get("sent_notifications", [])]
    # Every upload announced once, Gotland's reconciled one included.
    if len(sent) != len(uploads) + 1:
        fail(f"{len(sent)} SNS messages for {len(uploads) + 1} uploads")
    if not any("Inklusionsmålet" in n[1] and "Inclusion goal" in n[1] for n in sent):
        fail("the SNS messages lack the Swedish and English texts")
    for n in sent:
        attributes = n[3] or {}
        # moto keeps the attributes as SNS delivers them: {"Type": …, "Value": …}.
        if attributes.get("status", {}).get("Value") not in ("assessed", "rejected"):
            fail(f"an SNS message without its status attribute: {attributes}")
    placed = [n for n in sent if "region_code" in (n[3] or {})]
    if len(placed) != len(uploads) + 1 or any(n[3]["agreement_year"]["Value"] != "2024" for n in placed):
        fail(f"an SNS message without its region and year attributes: {[n[3] for n in sent if n not in placed]} {len(placed)}")
    received = []
    while True:
        batch = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not batch:
            break
        received += [json.loads(m["Body"]) for m in batch]
        sqs.delete_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                                                          for i, m in enumerate(batch)])
    regions = {m["MessageAttributes"]["region_code"]["Value"] for m in received}
    if len(received) != 4 or regions != {"25"}:
        fail(f"the filtered subscription got {len(received)} messages of regions {regions}, "
             "expected Norrbotten's 4")
    # 2026: the agency's wait-time data arrives and overturns Västra Götaland's rectum (44 of
    # 96 in its report, 60 of 96 in the agency's): the summary function, started by the new
    # config/2026/lead_times.csv, decides the year again and tells the region once.
    # The agency lays out 2026 first: the year's population table (the demo's figures stand in),
    # without which the summary function refuses to pay the year and fails, as it should.
    with open(os.path.join(ROOT, "demo", "populations-2024.csv"), "rb") as f:
        upload("config/2026/populations.csv", f.read())
    with open(os.path.join(ROOT, "spec", "examples", "2026-14-vastra-gotaland.json"), "rb") as f:
        vg = "reports/2026/14/redovisning 2026.json"
        written = upload(vg, f.read())
    invoke("assess-report", event(vg, "2026-09-15T08:00:00.000Z", written))
    if next(p for p in read_json("assessments/2026/14.json")["parts"] if p["id"] == "second_b")["eligible"]:
        fail("Västra Götaland 2026 earns part B on its own report")
    before = len(keys("notifications/2026/14/"))
    agency = ("region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n"
              "14;rectum;;96;60;90;45\n").encode()
    written = upload("config/2026/lead_times.csv", agency)
    for _ in range(2):  # the second is S3 delivering the event again
        invoke("update-summary", event("config/2026/lead_times.csv", "2026-10-20T08:00:00.000Z", written))
    decided = read_json("assessments/2026/14.json")
    rectum = next(c for c in decided["conditions"] if c["id"] == "lead_time.rectum")
    if rectum.get("source") != "agency" or not rectum["met"]:
        fail(f"the agency's data does not decide rectum: {rectum}")
    if not next(p for p in decided["parts"] if p["id"] == "second_b")["eligible"]:
        fail("the agency's data does not earn Västra Götaland part B")
    if len(keys("notifications/2026/14/")) != before + 1:
        fail(f"{len(keys('notifications/2026/14/')) - before} notifications of the new verdict, expected 1")
    # The agency's file removed again: the summary function, started by the removal, decides the
    # year again on the region's own figures; the part B the file gave is gone, said once.
    removed = s3.delete_object(Bucket=BUCKET, Key="config/2026/lead_times.csv")
    gone = {"ETag": "", "ContentLength": 0, "VersionId": removed.get("VersionId", "null"),
            "Sequencer": f"{0x0055AED6DCD90281E5 + 999:018X}"}
    for _ in range(2):
        invoke("update-summary", event("config/2026/lead_times.csv", "2026-10-21T08:00:00.000Z", gone,
                                       name="ObjectRemoved:Delete"))
    again = read_json("assessments/2026/14.json")
    if next(p for p in again["parts"] if p["id"] == "second_b")["eligible"]:
        fail("Västra Götaland keeps part B that only the removed agency file gave it")
    if any(c.get("source") == "agency" for c in again["conditions"]):
        fail("the assessment still cites the removed agency file")
    if len(keys("notifications/2026/14/")) != before + 2:
        fail(f"{len(keys('notifications/2026/14/')) - before - 1} notifications of the removal, expected 1")

    # An RCC's report on the special investments: assessed, kept, announced with its rcc.
    with open(os.path.join(ROOT, "spec", "examples", "rcc-2024-vast-first.json"), "rb") as f:
        rcc_key = "reports/2024/rcc/vast/lägesbild 2024.json"
        written = upload(rcc_key, f.read())
    for _ in range(2):  # delivered twice
        invoke("assess-report", event(rcc_key, "2024-11-04T08:00:00.000Z", written))
    if len(keys("notifications/2024/rcc/vast/")) != 1:
        fail("an RCC's upload, delivered twice, did not get exactly one notification")
    if read_json("assessments/2024/rcc/vast.json")["areas"][0]["granted_ore"] != 570_000_000:
        fail("the RCC's assessment does not sum its grants")
    with urllib.request.urlopen(f"{MOTO}/moto-api/data.json") as response:
        state = json.load(response)
    rcc_sent = [n for t in state["sns"]["Topic"] if t.get("arn") == topic
                for n in t.get("sent_notifications", []) if (n[3] or {}).get("rcc", {}).get("Value") == "vast"]
    if len(rcc_sent) != 1:
        fail(f"{len(rcc_sent)} SNS messages with rcc=vast, expected 1 (the redelivery found its notification)")

    # The calendar (contract §11): the remind function, started by EventBridge's scheduled event
    # three days before 2026's deadline (only Västra Götaland has reported), reminds each region
    # without a complete report once and gives the agency its overview; the event delivered again
    # adds nothing; reconcile reads on beside the reminders.
    def sns_sent():
        with urllib.request.urlopen(f"{MOTO}/moto-api/data.json") as response:
            state = json.load(response)
        return [n for t in state["sns"]["Topic"] if t.get("arn") == topic for n in t.get("sent_notifications", [])]

    scheduled = {"version": "0", "id": "e2e-remind", "detail-type": "Scheduled Event", "source": "aws.scheduler",
                 "account": "123456789012", "time": "2026-09-27T06:00:00Z", "region": "eu-north-1",
                 "resources": ["arn:aws:scheduler:eu-north-1:123456789012:schedule/default/svf-remind"], "detail": {}}
    before_sns = len(sns_sent())
    out = invoke("remind", scheduled)
    codes = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
             "21", "22", "23", "24", "25"]
    due = []
    for code in codes:
        try:
            assessment = read_json(f"assessments/2026/{code}.json")
        except Exception:
            assessment = None
        reminded = f"notifications/2026/{code}/reminders/2026-09-27.json" in keys(f"notifications/2026/{code}/reminders/")
        if (assessment is None or not assessment["complete"]) != reminded:
            fail(f"region {code}: reminded {reminded}, its assessment {assessment and assessment['complete']}: {out}")
        if reminded:
            due.append(code)
    if len(due) != 20 or "14" in due:
        fail(f"reminded {due}: expected every region but Västra Götaland")
    overview = read_json("notifications/2026/agency/2026-09-27.json")
    if overview["kind"] != "overview" or len(overview["regions"]) != 21 or overview["days_left"] != 3:
        fail(f"the agency's overview: {overview}")
    reminders_sent = [n for n in sns_sent()[before_sns:] if (n[3] or {}).get("status", {}).get("Value") == "reminder"]
    agency_sent = [n for n in sns_sent()[before_sns:] if (n[3] or {}).get("audience", {}).get("Value") == "agency"]
    if sorted(n[3]["region_code"]["Value"] for n in reminders_sent) != due or len(agency_sent) != 1:
        fail(f"SNS: reminders to {[n[3] for n in reminders_sent]}, {len(agency_sent)} to the agency; due {due}")
    before_keys, before_sns = len(keys("notifications/")), len(sns_sent())
    invoke("remind", scheduled)  # EventBridge delivers it again
    if len(keys("notifications/")) != before_keys or len(sns_sent()) != before_sns:
        fail("a redelivered schedule added reminders")
    invoke("remind", dict(scheduled, time="2026-09-28T06:00:00Z"))
    if len(keys("notifications/")) != before_keys:
        fail("a day that is no reminder day sent reminders")
    invoke("reconcile", {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}})
    print(f"lambda-e2e: the scheduled remind function reminded {len(due)} regions without a complete "
          "report (announced with their region), the agency once; redelivered, it added nothing")

    print(f"lambda-e2e: {len(uploads)} uploads → {len(notifications)} notifications and, with the one "
          f"reconciled later, {len(sent)} SNS messages; "
          "redelivery added none; the newer report won; A, B, A on one key gave three notifications "
          "and the third decides; a subscription filtered on region_code 25 got Norrbotten's 4 only; "
          "the summary pays the published annex; "
          "a recorded decision moved Skåne's share to the other 20; an upload lost to a broken "
          "rules file was handled by reconcile once the file was mended; the agency's 2026 "
          "lead_times.csv, delivered twice, overturned Västra Götaland's rectum and told it once, "
          "and its removal, delivered twice, took it back and told it once; "
          "an RCC's report, delivered twice, was assessed and notified once")


if __name__ == "__main__":
    main()
