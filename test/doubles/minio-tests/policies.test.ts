import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { json, signedRequest } from "./support/admin";
import { startWorld, type World } from "./support/world";

const READ_B = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }],
};

describe("MinIO double: canned policies over the admin API", () => {
  let w: World;
  before(async () => {
    w = await startWorld();
  });
  after(() => w.close());

  const add = (name: string, doc: unknown) =>
    signedRequest(
      w.root,
      "PUT",
      `/minio/admin/v3/add-canned-policy?name=${encodeURIComponent(name)}`,
      Buffer.from(JSON.stringify(doc)),
    );

  it("adds, reads, lists and removes a policy", async () => {
    assert.equal((await add("read-b", READ_B)).status, 200);
    const info = await signedRequest(w.root, "GET", "/minio/admin/v3/info-canned-policy?name=read-b");
    assert.equal(info.status, 200);
    assert.deepEqual(JSON.parse(info.text), READ_B);
    const list = await signedRequest(w.root, "GET", "/minio/admin/v3/list-canned-policies");
    assert.deepEqual(Object.keys(json(list)).sort(), [
      "consoleAdmin",
      "diagnostics",
      "read-b",
      "readonly",
      "readwrite",
      "writeonly",
    ]);
    assert.equal(
      (await signedRequest(w.root, "DELETE", "/minio/admin/v3/remove-canned-policy?name=read-b")).status,
      200,
    );
    const gone = await signedRequest(w.root, "GET", "/minio/admin/v3/info-canned-policy?name=read-b");
    assert.equal(gone.status, 404);
    assert.deepEqual(
      [json(gone).Code, json(gone).Message],
      ["XMinioAdminNoSuchPolicy", "The canned policy does not exist. (Specified canned policy does not exist)"],
    );
  });

  it("replaces a policy of the same name without a word: CreateDate kept, UpdateDate moved (IAMStoreSys.SetPolicy)", async () => {
    assert.equal((await add("same-name", READ_B)).status, 200);
    const v2 = async () =>
      JSON.parse((await signedRequest(w.root, "GET", "/minio/admin/v3/info-canned-policy?name=same-name&v=2")).text);
    const first = await v2();
    await new Promise((r) => setTimeout(r, 5));
    const other = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: ["s3:*"], Resource: ["*"] }] };
    assert.equal((await add("same-name", other)).status, 200);
    const second = await v2();
    assert.deepEqual(second.Policy, other);
    assert.equal(second.CreateDate, first.CreateDate);
    assert.ok(second.UpdateDate > first.UpdateDate);
  });

  it("rejects a policy name with a comma", async () => {
    const res = await add("a,b", READ_B);
    assert.deepEqual(
      [res.status, json(res).Code, json(res).Message],
      [400, "PolicyInvalidName", "Policy name may not contain comma"],
    );
  });

  it("rejects a policy without Version", async () => {
    const res = await add("nov", { Statement: READ_B.Statement });
    assert.deepEqual([res.status, json(res).Code], [400, "MalformedPolicy"]);
  });

  it("rejects a statement with an invalid Effect", async () => {
    const bad = await add("bad", { Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: ["s3:GetObject"] }] });
    assert.deepEqual(
      [bad.status, json(bad).Code, json(bad).Message],
      [400, "XMinioMalformedIAMPolicy", "invalid Effect Maybe"],
    );
  });

  it("drops unknown keys and Principal, and reads keys case-insensitively (Policy.UnmarshalJSON)", async () => {
    const loose = {
      version: "2012-10-17",
      Extra: 1,
      Statement: [{ effect: "Allow", Principal: "*", ACTION: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
    };
    assert.equal((await add("loose", loose)).status, 200);
    const info = await signedRequest(w.root, "GET", "/minio/admin/v3/info-canned-policy?name=loose");
    assert.deepEqual(JSON.parse(info.text), READ_B);
  });

  it("refuses what Statement.isValid refuses, with MinIO's messages", async () => {
    const cases: [unknown, string][] = [
      [{ Effect: "Allow", Resource: ["*"] }, "Action must not be empty"],
      [{ Effect: "Allow", Action: [] }, "empty actions not allowed"],
      [{ Effect: "Allow", Action: "s3:GetObject" }, "Resource must not be empty"],
      [{ Effect: "Allow", Action: "s3:Foo", Resource: "*" }, "unsupported action 's3:Foo'"],
      [{ Effect: "Allow", Action: ["admin:ServerInfo", "s3:GetObject"] }, "unsupported admin action 's3:GetObject'"],
      [{ Effect: "Allow", Action: "s3:GetObject", Resource: "bucket/*" }, "invalid resource 'bucket/*'"],
      [
        { Effect: "Allow", Action: "kms:Status", Resource: "arn:aws:s3:::b" },
        "resource 'arn:aws:s3:::b' type is not KMS",
      ],
      [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { StringEqualz: { "aws:username": "a" } },
        },
        "invalid condition name 'StringEqualz'",
      ],
      [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "s3:prefix": "a" } } },
        "unsupported condition keys '[s3:prefix]' used for action 's3:GetObject'",
      ],
    ];
    for (const [statement, message] of cases) {
      const res = await add("bad", { Version: "2012-10-17", Statement: [statement] });
      assert.deepEqual([res.status, json(res).Code, json(res).Message], [400, "XMinioMalformedIAMPolicy", message]);
    }
  });

  it("stores a NotAction statement, then cannot marshal it: info fails and the list leaves it out", async () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" }] };
    assert.equal((await add("not-action", doc)).status, 200);
    const info = await signedRequest(w.root, "GET", "/minio/admin/v3/info-canned-policy?name=not-action");
    assert.deepEqual(
      [info.status, json(info).Message],
      [
        500,
        "We encountered an internal error, please try again. (json: error calling MarshalJSON for type policy.ActionSet: empty actions not allowed)",
      ],
    );
    const list = await signedRequest(w.root, "GET", "/minio/admin/v3/list-canned-policies");
    assert.ok(!("not-action" in json(list)));
    await signedRequest(w.root, "DELETE", "/minio/admin/v3/remove-canned-policy?name=not-action");
  });

  it("refuses to delete a built-in policy", async () => {
    const res = await signedRequest(w.root, "DELETE", "/minio/admin/v3/remove-canned-policy?name=readwrite");
    assert.equal(res.status, 500);
    assert.equal(
      json(res).Message,
      "We encountered an internal error, please try again. (inbuilt policy `readwrite` not allowed to be deleted)",
    );
  });

  it("addCannedPolicy() validates like the API and makes the policy visible to it", async () => {
    assert.throws(() => w.minio.addCannedPolicy("x", { Statement: [] }), {
      message: "MinIO double: policy x refused: The policy must contain a valid version string",
    });
    w.minio.addCannedPolicy("direct", READ_B);
    const info = await signedRequest(w.root, "GET", "/minio/admin/v3/info-canned-policy?name=direct");
    assert.deepEqual(JSON.parse(info.text), READ_B);
  });
});
