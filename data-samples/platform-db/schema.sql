-- The sample platform database (tradehub's order system); written by make_platform_db.py.
CREATE SCHEMA shop;
CREATE TABLE shop.orders (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  order_ref text NOT NULL UNIQUE,
  seller_account text NOT NULL,
  buyer_account text NOT NULL,
  placed_at timestamptz NOT NULL,
  total numeric(18,2) NOT NULL,
  currency text NOT NULL,
  terms_days integer NOT NULL,
  category text,
  status text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX ON shop.orders (updated_at);
CREATE TABLE shop.payments (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  payment_ref text NOT NULL UNIQUE,
  order_ref text NOT NULL,
  payer_account text NOT NULL,
  due_date date NOT NULL,
  paid_at timestamptz,
  amount numeric(18,2) NOT NULL,
  currency text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX ON shop.payments (updated_at);
CREATE TABLE shop.accounts (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  account_ref text NOT NULL UNIQUE,
  registry_country text NOT NULL,
  registration_number text,
  legal_name text NOT NULL,
  verified boolean NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX ON shop.accounts (updated_at);
