-- undoes V2
DROP TABLE orders;
