\set sid random(1, 4)
\set v random(1, 1000)
BEGIN;
SELECT name, site FROM sensors WHERE id = :sid;
INSERT INTO readings (sensor_id, value) VALUES (:sid, :v);
SELECT count(*) FROM readings WHERE sensor_id = :sid;
END;
