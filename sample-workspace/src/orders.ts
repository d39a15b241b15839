import { Pool } from 'pg';

const pool = new Pool();

export async function findOrder(customerId: string, orderId: string) {
  // Parameterised: user input never becomes part of the SQL text.
  const sql = 'SELECT id, total, status FROM orders WHERE customer_id = $1 AND id = $2';
  return pool.query(sql, [customerId, orderId]);
}
