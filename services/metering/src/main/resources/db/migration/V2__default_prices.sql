-- The catalog a fresh deployment starts with (effective since the epoch). Operators add versions through the ops API;
-- these rows, like every version, are never edited. Prices in micro-units per per_quantity units:
--   cpu           0.05 / core-hour      = 50000 µ per 60000 millicore-minutes
--   memory        0.025 / GiB-hour      = 25000 µ per 61440 MiB-minutes
--   storage       0.002 / GiB-hour      =  2000 µ per 61440 MiB-minutes
--   nodeport      0.01 / port-hour      = 10000 µ per 60 port-minutes
--   loadbalancer  0.02 / service-hour   = 20000 µ per 60 service-minutes
--   GPUs          1.50 / device-hour    = 1500000 µ per 60 device-minutes
INSERT INTO price_versions (id, resource, unit, price_micros, per_quantity, effective_from, created_at, created_by, description)
VALUES
    ('default-cpu-v1', 'cpu', 'millicore-minute', 50000, 60000, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog'),
    ('default-memory-v1', 'memory', 'MiB-minute', 25000, 61440, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog'),
    ('default-storage-v1', 'storage', 'MiB-minute', 2000, 61440, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog'),
    ('default-nodeport-v1', 'nodeport', 'port-minute', 10000, 60, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog'),
    ('default-loadbalancer-v1', 'loadbalancer', 'service-minute', 20000, 60, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog'),
    ('default-gpu-nvidia-v1', 'gpu:nvidia.com/gpu', 'device-minute', 1500000, 60, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog'),
    ('default-gpu-amd-v1', 'gpu:amd.com/gpu', 'device-minute', 1500000, 60, '1970-01-01T00:00:00Z', now(), 'migration', 'Initial catalog');
