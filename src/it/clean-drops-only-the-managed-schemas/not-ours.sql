CREATE SCHEMA other;
CREATE TABLE other.kept (id integer);
CREATE TABLE public.not_managed (id integer);
