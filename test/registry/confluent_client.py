"""The standard Confluent Python client (confluent-kafka[avro]) against our pipeline.

  produce <config-json>: writes config.transactions (a JSON list) to config.topic with
      AvroSerializer, using the latest registered version of the transactions subject
      (as a producer with read-only credentials would: no auto-registration).
  consume <config-json>: reads config.topics read_committed from the start until
      config.expected records arrived (or config.timeout_s), decodes each with
      AvroDeserializer (writer schema fetched by id from the registry) and prints one
      JSON line per record: {"topic", "schema_id", "value"}.
"""
import json
import sys
import time
import uuid
from datetime import datetime

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

mode, cfg = sys.argv[1], json.loads(sys.argv[2])
registry = SchemaRegistryClient({"url": cfg["registry"]})


def produce():
    subject = cfg["subject"]
    latest = registry.get_latest_version(subject)
    serializer = AvroSerializer(
        registry,
        latest.schema.schema_str,
        conf={
            "auto.register.schemas": False,
            "use.latest.version": True,
            "subject.name.strategy": lambda _ctx, _name: subject,
        },
    )
    producer = Producer({"bootstrap.servers": cfg["brokers"], "enable.idempotence": True})
    ctx = SerializationContext(cfg["topic"], MessageField.VALUE)
    for tx in cfg["transactions"]:
        producer.produce(cfg["topic"], key=tx["card_token"].encode(), value=serializer(tx, ctx))
    if producer.flush(30) != 0:
        raise SystemExit("records left unsent")
    print(json.dumps({"produced": len(cfg["transactions"]), "schema_id": latest.schema_id}))


def consume():
    deserializer = AvroDeserializer(registry)
    consumer = Consumer(
        {
            "bootstrap.servers": cfg["brokers"],
            "group.id": f"confluent-client-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
            "isolation.level": "read_committed",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe(cfg["topics"])
    seen, deadline = 0, time.time() + cfg.get("timeout_s", 60)
    try:
        while seen < cfg["expected"] and time.time() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                raise SystemExit(str(msg.error()))
            raw = msg.value()
            value = deserializer(raw, SerializationContext(msg.topic(), MessageField.VALUE))
            schema_id = int.from_bytes(raw[1:5], "big")
            print(json.dumps({"topic": msg.topic(), "schema_id": schema_id, "value": value}, default=_plain))
            seen += 1
    finally:
        consumer.close()


def _plain(v):
    if isinstance(v, datetime):
        return int(v.timestamp() * 1000)
    return str(v)


{"produce": produce, "consume": consume}[mode]()
